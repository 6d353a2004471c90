// The generator's pure rules: answers read with located errors, tools and review points read
// from words, the scale-downs, and every domain profile producing an agents.yaml the runtime loads.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { parseAgentsYaml } from '../config/index.ts';
import { generateRuntime, parseAnswers, planRuntime, topFiles, validateAnswers } from './index.ts';
import { readMetrics, readPrivacy } from './readings.ts';
import { resolveReviewPoints, resolveTools } from './tools.ts';

const FIX = path.join(import.meta.dirname, 'fixtures');
const base = parseAnswers(readFileSync(path.join(FIX, 'research-assistant.yaml'), 'utf8'));
const answers = (over: Record<string, unknown>) => validateAnswers({ ...base, task_examples: base.task_examples.map((t) => t.task), ...over });

test('answers files: every problem with its line and column; unknown keys refused', () => {
  const bad = 'agent_name: Scout Bot\nprimary_purpose: x\ndomain: y\ntarget_users: z\ntask_examples: [a]\nrisk_level: extreme\nautonomy_level: assistant\ndeployment_env: moon\nbudget_priority: cheap\nlearning_allowed: none\nrisk_levle: low\n';
  assert.throws(() => parseAnswers(bad, 'a.yaml'), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'ANSWERS_INVALID');
    assert.match(e.message, /a\.yaml:11:1: unknown answer "risk_levle" \(the answers are: agent_name, /);
    assert.match(e.message, /a\.yaml:1:13: agent_name: a lowercase name/);
    assert.match(e.message, /a\.yaml:6:13: risk_level: Invalid option: expected one of "low"\|"medium"\|"high"\|"critical"/);
    assert.match(e.message, /a\.yaml:8:17: deployment_env: Invalid option/);
    return true;
  });
  assert.throws(() => parseAnswers('agent_name: [unclosed\n', 'b.yaml'), /b\.yaml:\d+:\d+: invalid YAML/);
  assert.throws(() => parseAnswers('- a list\n', 'c.yaml'), /c\.yaml: expected a mapping of answers/);
  const ok = parseAnswers(stringify({ ...base, deployment_env: 'Local', multi_agent_required: 'YES', long_term_memory: false, task_examples: 'one task' }));
  assert.deepEqual([ok.deployment_env, ok.multi_agent_required, ok.long_term_memory, ok.task_examples], ['local laptop', true, false, [{ task: 'one task' }]]);
});

test('tools and review points from words; a tool answer naming nothing is an error', () => {
  assert.deepEqual(resolveTools(['read', 'Web', 'mcp__files__read_*', 'shell']).tools, ['read_file', 'list_files', 'search_files', 'http_fetch', 'mcp__files__read_*', 'shell']);
  assert.deepEqual(resolveTools(['telepathy']).unknown, ['telepathy']);
  assert.throws(() => planRuntime(answers({ tools_allowed: ['telepathy'] })), /tools_allowed: "telepathy" names no tool; use tool names/);
  const r = resolveReviewPoints(['before a reply is sent', 'shell', 'when the moon is full']);
  assert.deepEqual(r.tools, ['write_file', 'apply_patch', 'shell']);
  assert.equal(r.outcome, true);
  assert.match(r.readings[2].means, /names no tool: read as "a person labels every result"/);
});

test('scale-downs: a sensitive domain raises the risk; critical risk drops unnamed shell; airgapped forbids the web; no memory, no learning', () => {
  const medical = planRuntime(answers({ domain: 'Clinical documentation', risk_level: 'low', learning_allowed: 'active' }));
  assert.equal(medical.profile.id, 'medical');
  assert.equal(medical.risk, 'high');
  assert.equal(medical.learning, 'constrained');
  assert.match(medical.adjustments.join('\n'), /risk_level raised from low to high/);
  const coding = planRuntime(answers({ domain: 'Backend software', risk_level: 'critical', tools_allowed: [], tools_forbidden: [] }));
  assert.equal(coding.profile.id, 'coding');
  assert.ok(!coding.tools.allowed.includes('shell'), 'the coding default shell is dropped at critical risk');
  assert.ok(planRuntime(answers({ domain: 'Backend software', risk_level: 'high', tools_allowed: [], tools_forbidden: [] })).tools.allowed.includes('shell'), 'below critical the default stays');
  assert.ok(planRuntime(answers({ domain: 'Backend software', risk_level: 'critical', tools_allowed: ['shell', 'write'], tools_forbidden: [] })).tools.allowed.includes('shell'), 'kept when named');
  const air = planRuntime(answers({ deployment_env: 'airgapped' }));
  assert.ok(air.tools.forbidden.includes('http_fetch') && !air.tools.allowed.includes('http_fetch'));
  assert.deepEqual(air.hosts, []);
  assert.equal(air.models.dailyBudgetTokens, 2_000_000);
  assert.equal(air.models.tiers['cheap-fast'].model, 'llama3.1:8b');
  const forget = planRuntime(answers({ long_term_memory: 'no', learning_allowed: 'active' }));
  assert.equal(forget.learning, 'none');
  assert.deepEqual(forget.budgets, { skills: 5, goals: 3, rewards: 10, reflections: 5 });
});

test('privacy and metrics read from words, with targets', () => {
  assert.deepEqual(readPrivacy('none').detectors, []);
  assert.deepEqual(readPrivacy('GDPR applies').detectors, ['email', 'phone', 'credit_card', 'iban', 'us_ssn']);
  assert.deepEqual(readPrivacy('no e-mails or IP addresses in logs').detectors, ['email', 'ipv4']);
  const m = readMetrics([{ name: '95% of answers cite a source' }, { name: 'cost per ticket under $0.03' }, { name: 'fewer than 2% hallucinations' }, { name: 'vibes' }], 'high');
  assert.deepEqual(m.metrics.map((x) => [x.measure, x.target]), [['verify_pass_rate', 0.95], ['cost_per_success_usd', 0.03], ['audit_divergence_rate', 0.02], ['success_rate', undefined]]);
  assert.match(m.readings[3].why, /no closer measure in v1/);
  assert.throws(() => readMetrics([{ name: 'x', measure: 'vibes' }], 'low'), /measure "vibes" is not one the runtime computes/);
});

test('every domain profile yields an agents.yaml the runtime loads, with its own folders and checks', () => {
  for (const domain of ['SOC 2 compliance', 'Contract law', 'Clinical notes', 'Customer support', 'Market research', 'Backend software', 'Gardening']) {
    for (const env of ['local laptop', 'server', 'cloud', 'enterprise', 'airgapped']) {
      const plan = planRuntime(answers({ domain, deployment_env: env, multi_agent_required: true, risk_level: 'high', autonomy_level: 'autonomous' }));
      const files = topFiles(plan, new Date('2026-05-01T00:00:00Z'));
      const { agents, warnings } = parseAgentsYaml(files['agents.yaml']);
      assert.deepEqual(warnings, [], `${domain}/${env}`);
      assert.deepEqual(agents.map((a) => a.name), ['scout', 'scout-reviewer']);
      assert.deepEqual(agents[0].toolPolicy?.files?.write, plan.profile.folders.filter((f) => f.writable).map((f) => `${f.path}/**`));
      assert.ok(agents[0].toolPolicy?.human_review_points?.includes('outcome'), 'high risk + autonomous: a person labels results');
      assert.match(files['README.md'], new RegExp(`workspace/${plan.profile.output}/<task-id>\\.md`));
      assert.match(plan.tasks[0].verify!, new RegExp(`^F=${plan.profile.output}/ex-01\\.md; `));
    }
  }
});

test('the target folder must be new or empty', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-new-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  await assert.rejects(generateRuntime(dir, base), { code: 'SCAFFOLD_TARGET', message: /is not empty \(notes\.txt\)/ });
  assert.deepEqual(readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
});
