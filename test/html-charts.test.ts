// The HTML reports render in a real browser (Debian's chromium, driven by playwright-core, no
// browser download): the charts are there with their data points, and the page asks the network
// for nothing. Skipped, with the reason, where chromium is not installed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { compareRuns } from '../src/eval/compare.ts';
import { renderComparePage, renderReportPage } from '../src/eval/html/pages.ts';
import { agentMeasures } from '../src/eval/measures.ts';
import type { RunResults, TaskOutcome } from '../src/eval/results.ts';
import { report, startHarness } from './support/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (Debian: apt-get install chromium)`;

async function render(html: string): Promise<{ charts: { kind: string; points: number; values: number[] }[]; requests: string[] }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'agentos-chromium-'));
  // A fresh profile each time (playwright takes it as the persistent context's user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load', timeout: 15_000 });
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => {
      const pts = [...s.querySelectorAll('[data-value]')];
      // Drawn with a size: the browser laid the elements out.
      const drawn = pts.filter((p) => { const b = (p as unknown as { getBBox(): { width: number; height: number } }).getBBox(); return b.width > 0 || b.height > 0; });
      return { kind: s.getAttribute('data-chart') ?? '', points: drawn.length, values: pts.map((p) => Number(p.getAttribute('data-value'))) };
    }));
    return { charts, requests };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const outcome = (id: string, success: boolean, cost: number, tier: string): TaskOutcome => ({
  id, agent: 'orion', repeat: 1, expect: 'success', status: 'completed', success, as_expected: success, reward: 1, audit: success ? 1 : -1, audit_reason: null,
  judges: [{ name: 'tests', kind: 'tests', status: success ? 'pass' : 'fail', score: success ? 1 : 0, evidence: '' }],
  tokens: { input: 900, output: 100 }, cost, duration_ms: 100 + id.length, model: 'm', tier, demand: 'novel', commit: 'c',
});
const run = (name: string, ok: (i: number) => boolean, cost: number, tier: string): RunResults => ({
  version: 1, run: `run-${name}`, suite: { name: 's', file: 's.yaml', sha256: 'x', tasks: 12 }, policy: { name, file: `${name}.yaml`, sha256: 'y' },
  agents: ['orion'], repeat: 1, model: { provider: 'openai-compatible', model: 'm' }, started: '', finished: '',
  tasks: Array.from({ length: 12 }, (_, i) => outcome(`t${i}`, ok(i), cost, i % 3 ? tier : 'balanced')),
});

test('the comparison page draws its charts in chromium and requests nothing', { skip, timeout: 60_000 }, async () => {
  const c = compareRuns(run('cheap', (i) => i % 2 === 0, 0.001, 'cheap-fast'), run('strong', () => true, 0.01, 'strongest'));
  const { charts, requests } = await render(renderComparePage(c));
  assert.deepEqual(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:')), []);
  const bars = charts.filter((x) => x.kind === 'bar');
  assert.ok(bars.length >= 5, `bar charts: ${bars.length}`);
  assert.deepEqual(bars[0].values, [0.5, 1], 'success rate A and B');
  assert.ok(bars.every((b) => b.points > 0));
  const mix = charts.find((x) => x.kind === 'stacked')!;
  assert.equal(mix.points, 4, 'routing mix: two tiers in each run');
});

test('agentos report --html: learning curve, reward trend, cost per success and routing mix render from a real agent', { skip, timeout: 90_000 }, async () => {
  const h = await startHarness({ script: () => report({ skill: null }) });
  try {
    for (let i = 0; i < 6; i++) await h.runtime.enqueue('orion', { id: `t${i}`, task: `task number ${i}`, priority: 'normal', created: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
    await h.runtime.drain();
    const { charts, requests } = await render(renderReportPage(await agentMeasures(h.dir, 'orion', 3)));
    assert.deepEqual(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:')), []);
    const lines = charts.filter((x) => x.kind === 'line');
    assert.equal(lines.length, 3, 'learning curve, reward trend, cost per success');
    assert.deepEqual(lines[0].values, [1, 1, 1], 'success per window of 2 tasks');
    assert.equal(lines[0].points, 3);
    assert.ok(charts.some((x) => x.kind === 'stacked' && x.points >= 3), 'routing mix per window');
  } finally {
    await h.close();
  }
});
