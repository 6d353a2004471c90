// The export format, pinned: the v1 fixture imports with its history intact, negative
// manifests are refused with what to do, and the entry rules (defaults folded, secrets out).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseAgentsYaml } from '../config/index.ts';
import { Git } from '../store/index.ts';
import { portableEntry, withEntry } from './entry.ts';
import { importAgent, readManifest } from './index.ts';

const FIX = path.join(import.meta.dirname, 'fixtures');
const FIXTURE = path.join(FIX, 'orion-v1.agentos.tar');
const HEAD = '2dfbda08c074d1efcd09148f87b943e743d4cc43';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'agentos-portable-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

test('the v1 fixture imports: same head, same six commits, its skills, the entry in agents.yaml', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const r = await importAgent({ dataDir: dir, file: FIXTURE });
  assert.equal(r.name, 'orion');
  assert.equal(r.head, HEAD);
  assert.equal(r.commits, 6);
  const git = new Git(path.join(dir, 'agents', 'orion'));
  assert.equal(await git.headSha(), HEAD);
  assert.deepEqual((await git.subjects()).at(-1), 'init: agent filesystem');
  assert.deepEqual(await git.statusPorcelain(), '', 'the working tree is the head, clean');
  assert.ok(readFileSync(path.join(dir, 'agents', 'orion', 'skills', 'sql-function-builds', 'SKILL.md'), 'utf8').startsWith('---\nname: sql-function-builds'));
  const { agents } = parseAgentsYaml(readFileSync(path.join(dir, 'agents.yaml'), 'utf8'));
  assert.deepEqual(agents.map((a) => a.name), ['orion']);
  assert.match(agents[0].persona, /Backend engineer/);
});

test('negative manifests: a newer version, no version, a path as the agent name', () => {
  const read = (f: string) => () => readManifest(readFileSync(path.join(FIX, 'negative', f), 'utf8'), f);
  assert.throws(read('future-version.json'), { code: 'FORMAT_NEWER', message: /version 99 is from a newer AgentOS \(this one reads 1\); upgrade/ });
  assert.throws(read('missing-version.json'), { code: 'ARCHIVE_INVALID', message: /no whole-number "version"/ });
  assert.throws(read('path-traversal-name.json'), { code: 'ARCHIVE_INVALID', message: /agent: a lowercase agent name/ });
  assert.throws(() => readManifest('{"format":"zip"}', 'x.tar'), /not an AgentOS agent export/);
  assert.throws(() => readManifest('not json', 'x.tar'), /manifest\.json is not JSON/);
});

test('the portable entry folds the defaults it relied on and leaves MCP env and header values out', () => {
  const top = {
    skills: { max_entries: 12, decay_halflife_days: 7 },
    budgets: { rewards: 40 },
    world: { promote_evidence: 4 },
    models: { daily_budget_usd: 3, circuit: { failures: 2 } },
    agents: [],
  };
  const raw = {
    persona: 'p', name: 'orion', budgets: { goals: 3 }, world: { retract_below: 0.2 }, models: { cascade: false },
    mcp_servers: [{ name: 'gh', url: 'https://mcp.example.org/mcp', headers: { Authorization: 'Bearer abc' } }, { name: 'fs', command: '/bin/x', env: { TOKEN: 't', HOME: '/h' } }],
  };
  const { entry, removed } = portableEntry(top, raw);
  assert.equal(Object.keys(entry)[0], 'name', 'name first');
  assert.deepEqual(entry.budgets, { skills: 12, rewards: 40, goals: 3 });
  assert.equal(entry.skill_half_life_days, 7);
  assert.deepEqual(entry.world, { promote_evidence: 4, retract_below: 0.2 });
  assert.deepEqual(entry.models, { daily_budget_usd: 3, cascade: false }, 'the global-only circuit stays behind');
  assert.deepEqual(removed, ['mcp_servers[0].headers.Authorization', 'mcp_servers[1].env.TOKEN', 'mcp_servers[1].env.HOME']);
  assert.doesNotMatch(JSON.stringify(entry), /Bearer|TOKEN/);
  assert.deepEqual(raw.mcp_servers[0].headers, { Authorization: 'Bearer abc' }, 'the source is not changed');
  // The folded entry is valid in a fresh agents.yaml, renamed, and keeps the other file's comments.
  const text = withEntry('# my agents\nagents:\n  - name: lex # the lawyer\n    persona: l\n', entry, 'nova');
  assert.match(text, /# my agents/);
  assert.match(text, /# the lawyer/);
  assert.deepEqual(parseAgentsYaml(text).agents.map((a) => [a.name, a.budgets.rewards]), [['lex', 30], ['nova', 40]]);
  assert.throws(() => withEntry(text, entry, 'lex'), { code: 'AGENT_EXISTS', message: /already has an agent named "lex"; .* --as NAME/ });
  assert.deepEqual(parseAgentsYaml(withEntry(undefined, entry, 'orion')).agents.map((a) => a.name), ['orion']);
});
