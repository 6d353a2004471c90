// How to fork a workspace for a speculative attempt (kernel/fork.ts): `cp -a --reflink=auto` (what
// AgentOS uses), Node's fs.cp, and a sparse `git worktree` of the agent's repository, each timed
// as create + remove on the same workspace, taking turns so machine load hits all alike. Also the
// merge back (syncTree) of a fork where a few files changed, and whether each copy is faithful
// (holds the git-ignored and untracked files a `verify:` may need).
//   node bench/fork.ts [--files N] [--kb K] [--rounds R] [--json]
import { execFileSync } from 'node:child_process';
import { constants, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFork, dropFork, mergeFork } from '../src/kernel/fork.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '200' }, kb: { type: 'string', default: '8' }, rounds: { type: 'string', default: '9' }, json: { type: 'boolean' } } });
const FILES = Number(values.files);
const KB = Number(values.kb);
const ROUNDS = Number(values.rounds);
if (![FILES, KB, ROUNDS].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--files, --kb and --rounds take whole numbers above 0');

const data = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-fork-'));
const repo = path.join(data, 'agents', 'orion');
const ws = path.join(repo, 'workspace');
const git = (cwd: string, ...a: string[]) => execFileSync('git', ['-C', cwd, ...a], { stdio: 'pipe' });
for (let i = 0; i < FILES; i++) {
  const dir = path.join(ws, `src/d${i % 20}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `f${i}.ts`), `// file ${i}\n${'x'.repeat(KB * 1024)}\n`);
}
for (let i = 0; i < 30; i++) writeFileSync(path.join(repo, `mind-${i}.md`), 'm'.repeat(4096));
writeFileSync(path.join(repo, '.gitignore'), 'workspace/node_modules/\n');
mkdirSync(path.join(ws, 'node_modules/dep'), { recursive: true });
writeFileSync(path.join(ws, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
git(repo, 'init', '-q');
git(repo, 'add', '-A');
git(repo, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'base');
const bounds = { maxEntries: 1_000_000, maxBytes: 64 * 1024 ** 3 };

const timed = async (fn: () => Promise<unknown> | unknown) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const methods: Record<string, { make(dst: string): Promise<void>; remove(dst: string): Promise<void>; root(dst: string): string }> = {
  cp_reflink: {
    make: async (dst) => void (await createFork(data, 'orion', path.basename(dst), 1, ws, bounds)),
    remove: async (dst) => dropFork({ id: '', root: path.join(data, '.agentos/forks/orion', `${path.basename(dst)}.1`) }),
    root: (dst) => path.join(data, '.agentos/forks/orion', `${path.basename(dst)}.1`),
  },
  node_fs_cp: {
    make: (dst) => fsp.cp(ws, dst, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, mode: constants.COPYFILE_FICLONE }),
    remove: (dst) => fsp.rm(dst, { recursive: true, force: true }),
    root: (dst) => dst,
  },
  git_worktree: {
    make: async (dst) => {
      git(repo, 'worktree', 'add', '-q', '--detach', '--no-checkout', dst, 'HEAD');
      git(dst, 'sparse-checkout', 'set', 'workspace');
      git(dst, 'checkout', '-q');
    },
    remove: async (dst) => void git(repo, 'worktree', 'remove', '--force', dst),
    root: (dst) => path.join(dst, 'workspace'),
  },
};

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(methods).map((m) => [m, []]));
const faithful: Record<string, boolean> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, m] of Object.entries(methods)) {
    const dst = path.join(data, `${name}-${r}`);
    const make = await timed(() => m.make(dst));
    if (r === 0) faithful[name] = readdirSync(m.root(dst)).includes('node_modules');
    const remove = await timed(() => m.remove(dst));
    samples[name].push(make + remove);
  }
}

// The merge back: a fork where 5 files changed, 2 were added and 1 removed.
const mergeMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const f = await createFork(data, 'orion', `merge-${r}`, 1, ws, bounds);
  for (let i = 0; i < 5; i++) writeFileSync(path.join(f.root, `src/d${i}/f${i}.ts`), `changed in round ${r}\n`);
  writeFileSync(path.join(f.root, `new-${r}-a.txt`), 'a');
  writeFileSync(path.join(f.root, `new-${r}-b.txt`), 'b');
  rmSync(path.join(f.root, `src/d7/f${7 + 20 * r}.ts`), { force: true });
  mergeMs.push(await timed(() => mergeFork(f, ws, bounds)));
  await dropFork(f);
}

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10;
};
const base = p50(samples.git_worktree);
const result = {
  files: FILES, kb_per_file: KB, rounds: ROUNDS,
  fork_ms_p50: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, p50(v)])),
  vs_git_worktree: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round((p50(v) / base) * 100) / 100])),
  faithful_copy: faithful,
  merge_ms_p50: p50(mergeMs),
};
rmSync(data, { recursive: true, force: true });
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`fork a workspace of ${FILES} files × ${KB} KiB (create + remove, p50 of ${ROUNDS}):`);
  for (const [k, v] of Object.entries(result.fork_ms_p50)) console.log(`  ${k.padEnd(13)} ${String(v).padStart(8)} ms  (${result.vs_git_worktree[k]}× git worktree)  ${faithful[k] ? 'holds ignored files' : 'misses ignored/untracked files'}`);
  console.log(`merge a fork back (5 changed, 2 added, 1 removed): ${result.merge_ms_p50} ms p50`);
  console.log(JSON.stringify(result));
}
