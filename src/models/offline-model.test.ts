import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { ModelSettings, StructuredMode } from '../config/index.ts';
import { TaskReport } from '../learn/index.ts';
import { ModelCallError } from './errors.ts';
import { generateStructured } from './generate.ts';
import { buildOfflineReport, findTaskText, listedUnder, OFFLINE_LABEL, startOfflineModel, topKeywords } from './offline-model.ts';

const system = [
  'You are Ada, a careful data engineer.',
  '## Skills',
  '### csv-dedupe',
  'Remove duplicate rows by key.',
  '### sql-window-functions',
  'Use window functions for running totals.',
  '## Active goals',
  '- Learn **parquet** partitioning',
  '- Keep answers short',
  '## Constraints',
  '- never delete data',
].join('\n');

test('topKeywords drops stopwords and ranks by frequency, then first appearance', () => {
  assert.deepEqual(topKeywords('Deduplicate the CSV file and then load the CSV into Postgres, please'), ['csv', 'deduplicate', 'file', 'load', 'postgres']);
  assert.deepEqual(topKeywords('the and of to'), []);
});

test('findTaskText reads a Task section, a task: line, a <task> tag, else the whole message', () => {
  assert.equal(findTaskText('# Context\nstuff\n## Task\nSummarise the logs.\n\n## Notes\nx'), 'Summarise the logs.');
  assert.equal(findTaskText('## Task\nLine one.\nLine two.\n\n## Tools\nnone'), 'Line one.\nLine two.');
  assert.equal(findTaskText('## Task\nLine one.\nLine two.'), 'Line one.\nLine two.');
  assert.equal(findTaskText('id: t1\ntask: Summarise the logs\npriority: high'), 'Summarise the logs');
  assert.equal(findTaskText('blah <task>Count rows</task> blah'), 'Count rows');
  assert.equal(findTaskText('  Just do it.  '), 'Just do it.');
});

test('listedUnder collects ### entries and bullets under matching headings only', () => {
  assert.deepEqual(listedUnder(system, /skill/i), ['csv-dedupe', 'sql-window-functions']);
  assert.deepEqual(listedUnder(system, /goal/i), ['Learn parquet partitioning', 'Keep answers short']);
});

test('a success report: labelled, restates the task, lists skills and goals, proposes a scripted skill', () => {
  const report = TaskReport.parse(buildOfflineReport('Deduplicate the customer CSV by email, then count customer rows', system));
  assert.ok(report.response.startsWith(OFFLINE_LABEL));
  assert.match(report.response, /Deduplicate the customer CSV by email/);
  assert.match(report.response, /Skills in my prompt: csv-dedupe; sql-window-functions\./);
  assert.match(report.response, /Goals in my prompt: Learn parquet partitioning; Keep answers short\./);
  assert.equal(report.outcome, 'success');
  assert.equal(report.reward, 1);
  assert.deepEqual(report.context_tags.slice(0, 2), ['customer', 'deduplicate']);
  assert.equal(report.skill?.name, 'customer-deduplicate-csv');
  assert.match(report.skill?.body ?? '', /not an LLM/);
  assert.equal(report.goal, null);
});

test('[offline:fail] yields a failure with a goal from the task keywords, and no skill', () => {
  const report = TaskReport.parse(buildOfflineReport('Migrate the billing database [offline:fail]', ''));
  assert.equal(report.outcome, 'failure');
  assert.equal(report.reward, -1);
  assert.equal(report.skill, null);
  assert.equal(report.goal, 'Learn to handle tasks about migrate, billing, database');
  assert.ok(!report.context_tags.includes('offline'));
});

function settings(url: string, structured: StructuredMode): ModelSettings {
  return { provider: 'openai-compatible', baseURL: url, model: 'offline', apiKey: undefined, maxTokens: 2000, timeoutMs: 5000, maxAttempts: 2, structured };
}

for (const structured of ['json-schema', 'prompt'] as StructuredMode[]) {
  test(`the offline model answers a TaskReport over HTTP in ${structured} mode`, async () => {
    const model = await startOfflineModel();
    try {
      const prompt = '## Context\nprevious notes\n\n## Task\nSummarise the nginx access logs by status code';
      const result = await generateStructured(settings(model.url, structured), { system, prompt, schema: TaskReport });
      assert.equal(result.value.reward, 1);
      assert.match(result.value.response, /Summarise the nginx access logs by status code/);
      assert.match(result.value.response, /csv-dedupe/);
      assert.deepEqual(result.value.context_tags.slice(0, 3), ['summarise', 'nginx', 'access']);
      assert.ok(result.usage.outputTokens > 0);
      assert.equal(model.requests.length, 1);
    } finally {
      await model.close();
    }
  });
}

test('the offline model refuses a schema that is not a TaskReport, clearly', async () => {
  const model = await startOfflineModel();
  try {
    const error = await generateStructured(settings(model.url, 'json-schema'), { system: '', prompt: 'x', schema: z.object({ other: z.string() }) }).catch((e) => e);
    assert.ok(error instanceof ModelCallError);
    assert.equal(error.statusCode, 400);
    assert.match(error.message, /only answers TaskReport requests/);
  } finally {
    await model.close();
  }
});
