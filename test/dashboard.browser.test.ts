// The dashboard in a real browser (Debian's chromium driven by playwright-core; no browser
// download): log in with the API token, see the agents, approve a waiting tool call from the
// page, watch a task appear live, browse an agent's curves, world graph and a task's context.
// AGENTOS_SCREENSHOTS=docs also saves docs/dashboard.png (the overview) and docs/dashboard-agent.png.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { dataDirWith } from './support/act-harness.ts';
import { report, taskIdOf } from './support/harness.ts';
import { startObserved } from './support/observe-harness.ts';

const CHROMIUM = process.env.AGENTOS_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM} (apt-get install chromium, or set AGENTOS_CHROMIUM)`;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const YAML = `agents:
  - name: orion
    persona: "Backend engineer."
    domain: "Backend engineering"
    human_review_points: [write_file]
    models: { daily_budget_usd: 5 }
  - name: lex
    persona: "Legal reviewer."
    domain: "Contracts"
`;

const TOPICS = ['rate limiter', 'billing api', 'token bucket', 'retry policy', 'billing api'];
const world = (i: number) => [{
  op: 'assert', kind: i % 3 === 2 ? 'relation' : 'entity', name: TOPICS[i % TOPICS.length],
  claim: i % 3 === 2 ? 'The billing api sits behind the rate limiter' : `The ${TOPICS[i % TOPICS.length]} allows ${100 + i} requests per minute`,
  aliases: [], tags: ['api', i % 2 ? 'billing' : 'limits'], evidence: `observed in run ${i}: <script>alert(1)</script>`,
}];

function script(req: ScriptRequest) {
  const id = taskIdOf(req);
  const tools = req.messages.filter((m) => m.role === 'tool');
  if (id === 'gated' && tools.length === 0) return { toolCalls: [{ name: 'write_file', args: { path: 'notes.md', content: 'approved from the dashboard\n' } }] };
  const n = Number(/\d+/.exec(id)?.[0] ?? 0);
  const r = report({ response: `Answer for ${id} <img src=x onerror=alert(1)>`, reward: n % 4 === 3 ? -1 : 1, outcome: n % 4 === 3 ? 'failure' : 'success', skill: n % 3 === 0 ? { name: `skill ${n}`, description: 'Reusable', body: 'Do it well.' } : null }) as { json: Record<string, unknown> };
  return { json: { ...r.json, world_updates: world(n) } };
}

test('the dashboard: login, agents, approve from the page, a task appears live, curves, world graph, task view', { skip, timeout: 120_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const d = dataDirWith(YAML);
  t.after(d.cleanup);
  const o = await startObserved(d.dir, script);
  t.after(() => o.close());
  for (let i = 1; i <= 8; i++) await o.daemon.runtime.enqueue('orion', { id: `h${i}`, task: `History task ${i} about the billing api`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z` });
  await o.daemon.runtime.enqueue('orion', { id: 'gated', task: 'Write the notes file.', priority: 'low', created: '2026-01-01T00:01:00Z' });
  await o.daemon.runtime.drain();
  assert.equal((await o.daemon.tools.store.list()).filter((r) => r.status === 'pending').length, 1, 'the gated call waits for a person');

  const profile = mkdtempSync(path.join(os.tmpdir(), 'agentos-chromium-'));
  t.after(() => rmSync(profile, { recursive: true, force: true }));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
  t.after(() => browser.close());
  const page = browser.pages()[0] ?? (await browser.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // The wrong token's 401 is expected; any other console error is a problem.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('dialog', (dlg) => { problems.push(`dialog: ${dlg.message()}`); void dlg.dismiss(); });

  await page.goto(o.url);
  await page.locator('#token').waitFor();
  await page.fill('#token', 'wrong-token');
  await page.click('button[type=submit]');
  await page.locator('.login .error').filter({ hasText: 'Not logged in' }).waitFor();
  await page.fill('#token', o.token);
  await page.click('button[type=submit]');

  // Agents, and the request waiting for a person.
  await page.locator('a.agent-link', { hasText: 'orion' }).waitFor();
  await page.locator('a.agent-link', { hasText: 'lex' }).waitFor();
  const card = page.locator('.approval[data-kind=approve]');
  await card.waitFor();
  assert.match(await card.innerText(), /write_file/);
  await page.locator('#live.on').waitFor();
  await page.locator('#feed li', { hasText: 'committed h8' }).waitFor(); // the feed starts with the recent events
  const shots = process.env.AGENTOS_SCREENSHOTS;
  if (shots) await page.screenshot({ path: path.join(shots, 'dashboard.png') });

  await card.locator('input[name=reason]').fill('looks right');
  await card.locator('button.approve').click();
  await card.waitFor({ state: 'detached' });
  await page.locator('#feed li', { hasText: 'committed gated' }).waitFor({ timeout: 30_000 });
  const git = new Git(path.join(d.dir, 'agents', 'orion'));
  assert.equal((await git.subjects())[0], 'orion(task): gated');
  assert.match(await git.raw(['log', '-1', '--format=%B']), /write_file .* approved by api: looks right/);

  // A task queued over the API appears in the open page as it happens.
  const res = await o.get('/agents/lex/tasks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'live-1', task: 'Review clause 7' }) });
  assert.equal(res.status, 201);
  await page.locator('#feed li', { hasText: 'queued live-1' }).waitFor();
  await page.locator('#feed li', { hasText: 'committed live-1' }).waitFor({ timeout: 30_000 });

  // The agent: learning curves, the world graph, and one task's commit and context.md.
  await page.click('a.agent-link:has-text("orion")');
  await page.locator('.chart canvas').first().waitFor();
  assert.ok((await page.locator('.chart').count()) >= 2, 'success/reward and skills charts');
  await page.locator('#world-graph canvas').first().waitFor();
  if (shots) {
    await page.waitForTimeout(500); // the graph's layout settles
    await page.screenshot({ path: path.join(shots, 'dashboard-agent.png'), fullPage: true });
  }
  await page.click('a:has-text("h2")');
  await page.locator('#commit').waitFor();
  assert.match(await page.locator('#commit').innerText(), /orion\(task\): h2/);
  assert.match(await page.locator('#context').innerText(), /h2/);
  assert.equal(await page.locator('img').count(), 0, 'agent-written markup stays text');
  assert.deepEqual(problems, []);
  await browser.close();
});
