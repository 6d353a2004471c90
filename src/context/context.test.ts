import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { config, emptyState, NOW, skill, task } from '../learn/test-support.ts';
import type { RewardEntry, WorldRecord } from '../learn/index.ts';
import { assembleContext } from './assemble.ts';
import { fitToBudget } from './budget.ts';
import { agentDocs } from './docs.ts';
import { ContextIndex } from './index-db.ts';
import { matchExpression, mentionedTags, retrieve, terms } from './retrieve.ts';
import { updateIndexFromChanges } from './sync.ts';
import { countWith, familyOf, tokenCounter } from './tokenizer.ts';

const counter = tokenCounter('gpt-4o');
const withTags = (name: string, tags: string[], description = `The ${name} technique.`) => ({ ...skill(name, 2, '2026-04-30T00:00:00.000Z'), tags, description });
const belief = (name: string, claim: string, tags: string[]): WorldRecord => ({
  name, kind: 'entity', status: 'confirmed', claim, confidence: 0.8, aliases: [], tags,
  evidence: { supports: ['a', 'b', 'c'], contradicts: [], verified: [] }, first_seen: '2026-04-01T00:00:00.000Z', last_confirmed: null,
  supersedes: [], created: '2026-04-01T00:00:00.000Z', updated: '2026-04-01T00:00:00.000Z', source: ['a'], body: '',
});
const reward = (task: string, reward: 1 | 0 | -1, audit: 1 | 0 | -1, reason?: string): RewardEntry => ({
  task, outcome: 'success', reward, audit_score: audit, ...(reason && { audit_reason: reason }), context_tags: ['api'], reasoning_demand: null,
  model_used: 'm', model_appropriate: null, world_model_update: null, reward_decomposition: null, tokens: { input: 1, output: 1 },
  cost: null, duration_ms: 1, created: '2026-04-30T00:00:00.000Z',
});

describe('tokenizer', () => {
  it('counts with the encoding of the model family, exactly for OpenAI models', () => {
    assert.equal(familyOf('gpt-4o-mini').encoding, 'o200k_base');
    assert.equal(familyOf('openai/gpt-5').encoding, 'o200k_base');
    assert.equal(familyOf('gpt-4-turbo').encoding, 'cl100k_base');
    assert.deepEqual([familyOf('claude-sonnet-4').encoding, familyOf('claude-sonnet-4').margin], ['cl100k_base', 1.2]);
    assert.equal(familyOf('llama3.1:8b').margin, 1.1);
    assert.equal(countWith('o200k_base', 'hello world'), 2);
    assert.equal(tokenCounter('claude-3-5-haiku').count('hello world'), Math.ceil(2 * 1.2));
  });
  it('counts special-token strings in text as text instead of throwing', () => {
    assert.ok(counter.count('before <|endoftext|> after') > 3);
  });
});

describe('budget fitting', () => {
  const c = (id: string, tokens: number, score: number) => ({ id, source: id, tokens, score, why: `score ${score}` });
  it('takes the best first, skips what does not fit, lets smaller ones in, and cuts noise', () => {
    const fit = fitToBudget([c('a', 50, 10), c('b', 80, 9), c('c', 30, 8), c('d', 10, 2)], { budget: 100, minRelative: 0.3, maxItems: 10 });
    assert.deepEqual(fit.included.map((x) => x.id), ['a', 'c']);
    assert.equal(fit.used, 80);
    assert.match(fit.excluded.find((x) => x.id === 'b')!.reason, /over budget: needs 80 tokens, 50 left/);
    assert.match(fit.excluded.find((x) => x.id === 'd')!.reason, /low relevance/);
  });
  it('honours the item limit and an empty budget', () => {
    assert.equal(fitToBudget([c('a', 1, 3), c('b', 1, 3)], { budget: 10, minRelative: 0, maxItems: 1 }).included.length, 1);
    assert.equal(fitToBudget([c('a', 1, 3)], { budget: 0, minRelative: 0, maxItems: 5 }).included.length, 0);
  });
});

describe('retrieval', () => {
  it('builds a safe MATCH expression from content words', () => {
    assert.deepEqual(terms('Write a Python function for the paginated API'), ['python', 'function', 'paginated', 'api']);
    assert.equal(matchExpression(['a"b', 'or']), '"ab" OR "or"');
    assert.deepEqual(mentionedTags('Handle rate limits on the vendor API', ['rate-limit', 'api', 'sql']), ['rate-limit', 'api']);
  });
  it('ranks by bm25, boosted by tags and standing, and searches shared segments too', () => {
    const index = ContextIndex.open(':memory:');
    try {
      const state = emptyState({
        skills: [withTags('retry-with-backoff', ['retry', 'api'], 'Retry failed API calls with backoff.'), withTags('essay-style', ['writing'], 'Write essays in a calm style.')],
        world: [belief('rate-limiter', 'Vendor X allows 100 API requests per minute', ['api', 'rate-limit'])],
      });
      index.replaceAgent('orion', agentDocs('orion', state, { now: NOW, halfLifeDays: 14 }));
      index.replaceAgent('', [{ id: ':seg', agent: '', kind: 'segment', source: 'shared/iac/segments/api.md', title: 'Shared segment API knowledge', body: 'Rate limiters come as token bucket or fixed window.', tags: [], time: 0, weight: 0.8 }]);
      index.replaceAgent('other', [{ id: 'other:x', agent: 'other', kind: 'skill', source: 'skills/x/SKILL.md', title: 'Rate limiter secrets of another agent', body: '', tags: [], time: 0, weight: 1 }]);
      const hits = retrieve(index, 'orion', { text: 'Call the vendor API within its rate limit, with retry', tags: ['api'] }, { now: NOW });
      const sources = hits.map((h) => h.doc.source);
      assert.ok(sources.includes('skills/retry-with-backoff/SKILL.md'));
      assert.ok(sources.includes('world/entities/rate-limiter.md'));
      assert.ok(sources.includes('shared/iac/segments/api.md'));
      assert.ok(!sources.includes('skills/essay-style/SKILL.md'), 'no match, not retrieved');
      assert.ok(!sources.includes('skills/x/SKILL.md'), "another agent's records stay its own");
      const plain = retrieve(index, 'orion', { text: 'api', tags: ['api'] }, { now: NOW, boosts: false });
      assert.ok(plain.every((h) => h.score === h.bm25));
    } finally {
      index.close();
    }
  });
  it('updates only the documents of the files a change set touched', () => {
    const index = ContextIndex.open(':memory:');
    try {
      const cfg = config();
      const before = emptyState({ skills: [withTags('a-skill', ['x'])], rewards: [reward('t1', 1, 1)] });
      index.replaceAgent('orion', agentDocs('orion', before, { now: NOW, halfLifeDays: 14 }));
      assert.equal(index.count('orion'), 2);
      const after = { ...before, rewards: [reward('t1', 1, 1), reward('t2', 1, -1, 'verify failed')], world: [belief('thing', 'A thing exists', [])] };
      updateIndexFromChanges(index, cfg, [
        { op: 'write', path: 'rewards.md', content: '' },
        { op: 'write', path: 'world/entities/thing.md', content: '' },
        { op: 'delete', path: 'skills/a-skill/SKILL.md' },
        { op: 'write', path: 'goals.md', content: '' },
      ], { ...after, skills: [] }, 'abc', NOW);
      assert.deepEqual(index.all('orion').map((d) => d.source).sort(), ['rewards.md', 'rewards.md', 'world/entities/thing.md']);
      assert.equal(index.getMeta('head:orion'), 'abc');
    } finally {
      index.close();
    }
  });
  it('rebuilds an unreadable index file instead of failing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-idx-'));
    try {
      const file = path.join(dir, 'index.db');
      writeFileSync(file, 'this is not a database');
      const index = ContextIndex.open(file);
      assert.equal(index.count(), 0);
      index.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('assembleContext', () => {
  const state = emptyState({
    persona: '# orion\n\nBackend engineer.',
    skills: [withTags('retry-with-backoff', ['retry'], 'Retry failed API calls with backoff.'), withTags('essay-style', ['writing'], 'Write essays.')],
    world: [belief('rate-limiter', 'Vendor X allows 100 API requests per minute', ['api'])],
    rewards: [reward('t0', 1, -1, 'verify command failed (exited with 1)')],
  });
  const t = task('t9', 'Call the vendor API with retry and respect its rate limiter.');

  it('includes what matches, excludes the rest with reasons, and shows audit divergences', () => {
    const ctx = assembleContext(config(), state, t, NOW, { counter, outputReserve: 1000, model: 'gpt-4o' });
    assert.match(ctx.prompt, /^# Task t9/);
    assert.match(ctx.prompt, /### Skill retry-with-backoff/);
    assert.match(ctx.prompt, /### Entity rate-limiter/);
    assert.doesNotMatch(ctx.prompt, /essay-style/);
    assert.match(ctx.prompt, /t0: you scored \+1, the audit -1 — verify command failed/);
    assert.match(ctx.record, /tokens counted with o200k_base \(exact for gpt-4o\)/);
    assert.match(ctx.record, /- skills\/essay-style\/SKILL\.md — 0 tokens — no match/);
    assert.match(ctx.record, /- persona\.md — \d+ tokens — always \(reserved\)/);
    assert.ok(ctx.stats.total < ctx.stats.window);
  });

  it('leaves retrieved items out when the window is used up by the reserves', () => {
    const small = config({ context: { windowTokens: 1024, strategy: 'retrieve' } });
    const ctx = assembleContext(small, state, t, NOW, { counter, outputReserve: 1000, model: 'gpt-4o' });
    assert.equal(ctx.stats.budget, 0);
    assert.doesNotMatch(ctx.prompt, /### Skill/);
    assert.match(ctx.record, /over budget/);
  });

  it('tokenizes the persona, constraints, task and instructions once, and the total stays that of the whole prompt within a few tokens', () => {
    const seen: string[] = [];
    const spy = { ...counter, count: (text: string) => { seen.push(text); return counter.count(text); } };
    const ctx = assembleContext(config(), state, t, NOW, { counter: spy, outputReserve: 1000, model: 'gpt-4o' });
    const containing = (s: string) => seen.filter((x) => x.includes(s)).length;
    assert.equal(containing('Backend engineer.'), 1);
    assert.equal(containing('respect its rate limiter'), 1);
    assert.equal(containing('# How to answer'), 1);
    assert.equal(containing('you scored +1, the audit -1'), 1);
    // A second task with the same counter reuses the counts of the fixed texts.
    seen.length = 0;
    assembleContext(config(), state, task('t10', 'Another task.'), NOW, { counter: spy, outputReserve: 1000, model: 'gpt-4o' });
    assert.equal(containing('# How to answer'), 0);
    const whole = counter.count(ctx.system) + counter.count(ctx.prompt);
    assert.ok(ctx.stats.total >= whole - 2 && ctx.stats.total <= whole + 40, `total ${ctx.stats.total} vs whole ${whole}`);
  });

  it("loads every record with strategy 'all' (the benchmark baseline)", () => {
    const ctx = assembleContext(config({ context: { windowTokens: 16384, strategy: 'all' } }), state, t, NOW, { counter, outputReserve: 1000 });
    assert.match(ctx.prompt, /essay-style/);
  });
});
