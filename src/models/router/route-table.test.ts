import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderConstraints } from '../../learn/initial-files.ts';
import { config } from '../../learn/test-support.ts';
import { DEFAULT_ROUTE_TABLE, parseRouteTable } from './index.ts';

test("the table bootstrap writes into constraints.md (seed 000's) parses to the default, without warnings", () => {
  const r = parseRouteTable(renderConstraints(config()));
  assert.deepEqual(r.table, DEFAULT_ROUTE_TABLE);
  assert.deepEqual(r.warnings, []);
});

test('a table edited by hand: aliases, padding, a consensus count, columns in any order', () => {
  const text = [
    '# Constraints', '', 'Some prose.', '',
    '| route | reasoning_demand | why |',
    '|:--|:--|---|',
    '| strongest        | routine | we are careful |',
    '| `mid-tier` | moderate | seed wording |',
    '| strong x5 | novel | a vote even here |',
    '| balanced multi-agent | consensus | cheaper votes |',
    '', 'After the table.',
  ].join('\n');
  const r = parseRouteTable(text);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.table, {
    routine: { tier: 'strongest', consensus: false },
    moderate: { tier: 'balanced', consensus: false },
    novel: { tier: 'strongest', consensus: true, calls: 5 },
    consensus: { tier: 'balanced', consensus: true },
  });
  assert.equal(r.line, 5);
});

test('a row that cannot be read is a warning with file:line, and its demand keeps the default', () => {
  const text = [
    '## Model routing', '',
    '| reasoning_demand | route |',
    '|---|---|',
    '| routine | gpt-2 |',
    '| trivial | cheap-fast |',
    '| moderate | balanced sometimes |',
    '| novel | cheap-fast |',
    '| novel | strongest |',
  ].join('\n');
  const r = parseRouteTable(text, 'agents/orion/constraints.md');
  assert.deepEqual(r.warnings, [
    'agents/orion/constraints.md:5: unknown tier "gpt-2" (expected cheap-fast, balanced, strongest); "routine" keeps the default route',
    'agents/orion/constraints.md:6: unknown reasoning_demand "trivial" (expected routine, moderate, novel, consensus); row ignored',
    'agents/orion/constraints.md:7: unknown route word "sometimes" (expected a tier, then optionally "multi-agent" or "x3"); "moderate" keeps the default route',
    'agents/orion/constraints.md:9: a second row for "novel"; the first one is used',
    'agents/orion/constraints.md:3: no row for "consensus"; using the default (strongest multi-agent)',
  ]);
  assert.equal(r.table.routine.tier, 'cheap-fast');
  assert.equal(r.table.novel.tier, 'cheap-fast', 'the first novel row is obeyed');
});

test('no table, or a table without its separator, falls back to the default with a warning', () => {
  const none = parseRouteTable('# Constraints\n\nNo routing here.\n');
  assert.deepEqual(none.table, DEFAULT_ROUTE_TABLE);
  assert.match(none.warnings[0], /^constraints\.md:1: no route table/);
  const broken = parseRouteTable('x\n| reasoning_demand | route |\n| routine | strongest |\n');
  assert.deepEqual(broken.table, DEFAULT_ROUTE_TABLE);
  assert.match(broken.warnings[0], /^constraints\.md:3: expected the separator row/);
});
