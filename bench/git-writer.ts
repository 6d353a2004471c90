// node bench/git-writer.ts [--commits N] [--json]
// The in-process git writer against the git CLI, all in the same run on the same machine:
// N commits of 6 small files each with (a) the writer (one fsync'd pack per commit, the ref
// under git's lock, index and working tree updated), (b) the writer with loose objects,
// (c) `git add` + `git commit`, (d) `git commit --only`. Methods take turns commit by commit,
// so machine load hits all alike. Also: reading trees in process vs `git cat-file --batch`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Git, GitWriter } from '../src/store/index.ts';

const { values } = parseArgs({ options: { commits: { type: 'string' }, json: { type: 'boolean' } } });
const N = Number(values.commits ?? 1000);
const say = (s: string) => (values.json ? console.error(s) : console.log(s));

const FILES = ['queue.md', 'rewards.md', 'reflections.md', 'skills/pagination/SKILL.md', 'world/entities/api.md', 'workspace/out.txt'];
const content = (f: string, i: number) => `# ${f}\n\ntask ${i}: ${'result line\n'.repeat(1 + (i % 4))}`;

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100;
}

async function repo(name: string): Promise<{ dir: string; git: Git }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `agentos-bench-${name}-`));
  const git = new Git(dir);
  await git.init();
  for (const f of FILES) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content(f, -1));
  }
  await git.add(FILES);
  await git.commit('init: agent filesystem');
  return { dir, git };
}

function fsck(dir: string): string {
  try {
    execFileSync('git', ['fsck', '--full', '--strict', '--no-progress'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return 'ok';
  } catch (e) {
    return `FAILED: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(0, 300)}`;
  }
}

const clean = (dir: string) => execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }) === '';

const writeFiles = (dir: string, i: number) => {
  for (const f of FILES) fs.writeFileSync(path.join(dir, f), content(f, i));
};

const repos = { writer: await repo('writer'), loose: await repo('loose'), add: await repo('add'), only: await repo('only') };
const writer = await GitWriter.open(repos.writer.dir);
const loose = await GitWriter.open(repos.loose.dir, { storage: 'loose', repack: false });
const times: Record<keyof typeof repos, number[]> = { writer: [], loose: [], add: [], only: [] };
const changes = (i: number) => FILES.map((f) => ({ op: 'write' as const, path: f, content: content(f, i) }));

say(`git writer benchmark: ${N} commits of ${FILES.length} small files per method, methods interleaved (${os.cpus().length} cores)`);
for (let i = 0; i < N; i++) {
  let t = performance.now();
  await writer.commit({ message: `a0(task): t-${i}`, changes: changes(i) });
  times.writer.push(performance.now() - t);

  t = performance.now();
  await loose.commit({ message: `a0(task): t-${i}`, changes: changes(i) });
  times.loose.push(performance.now() - t);

  t = performance.now();
  writeFiles(repos.add.dir, i);
  await repos.add.git.add(FILES);
  await repos.add.git.commit(`a0(task): t-${i}`);
  times.add.push(performance.now() - t);

  t = performance.now();
  writeFiles(repos.only.dir, i);
  await repos.only.git.commit(`a0(task): t-${i}`, { paths: FILES });
  times.only.push(performance.now() - t);
}
await writer.close();
await loose.close();

// Reading: a fresh reader's first commit after `git gc` reads HEAD's trees from a deltified pack.
execFileSync('git', ['gc', '-q'], { cwd: repos.writer.dir });
const readMs = { process: [] as number[], git: [] as number[] };
for (let i = 0; i < 20; i++) {
  for (const via of ['process', 'git'] as const) {
    const w = await GitWriter.open(repos.writer.dir, { readVia: via, repack: false });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repos.writer.dir, encoding: 'utf8' }).trim();
    const t = performance.now();
    const root = await w.reader.tree(await w.reader.commitTree(head));
    for (const e of root) if (e.mode === '40000') await w.reader.tree(e.sha);
    readMs[via].push(performance.now() - t);
    await w.close();
  }
}

const packs = execFileSync('git', ['count-objects', '-v'], { cwd: repos.writer.dir, encoding: 'utf8' }).match(/^packs: (\d+)$/m)?.[1];
const result = {
  commits: N,
  writer_ms_p50: p(times.writer, 0.5),
  writer_ms_p95: p(times.writer, 0.95),
  writer_loose_ms_p50: p(times.loose, 0.5),
  writer_loose_ms_p95: p(times.loose, 0.95),
  git_add_commit_ms_p50: p(times.add, 0.5),
  git_add_commit_ms_p95: p(times.add, 0.95),
  git_commit_only_ms_p50: p(times.only, 0.5),
  git_commit_only_ms_p95: p(times.only, 0.95),
  writer_vs_git_commit_only: Math.round((p(times.writer, 0.5) / p(times.only, 0.5)) * 100) / 100,
  read_trees_in_process_ms_p50: p(readMs.process, 0.5),
  read_trees_cat_file_ms_p50: p(readMs.git, 0.5),
  writer_packs_after_gc: Number(packs),
  fsck_writer: fsck(repos.writer.dir),
  fsck_loose: fsck(repos.loose.dir),
  fsck_add: fsck(repos.add.dir),
  fsck_only: fsck(repos.only.dir),
  status_clean_writer: clean(repos.writer.dir) && clean(repos.loose.dir),
};
say(`writer (pack per commit):  p50 ${result.writer_ms_p50} ms, p95 ${result.writer_ms_p95} ms`);
say(`writer (loose objects):    p50 ${result.writer_loose_ms_p50} ms, p95 ${result.writer_loose_ms_p95} ms`);
say(`git add && git commit:     p50 ${result.git_add_commit_ms_p50} ms, p95 ${result.git_add_commit_ms_p95} ms`);
say(`git commit --only:         p50 ${result.git_commit_only_ms_p50} ms, p95 ${result.git_commit_only_ms_p95} ms`);
say(`reading HEAD's trees after gc: in process ${result.read_trees_in_process_ms_p50} ms, via cat-file ${result.read_trees_cat_file_ms_p50} ms (p50, incl. spawn)`);
say(`git fsck --full --strict: writer ${result.fsck_writer}, loose ${result.fsck_loose}, add ${result.fsck_add}, only ${result.fsck_only}`);
for (const r of Object.values(repos)) fs.rmSync(r.dir, { recursive: true, force: true });
console.log(JSON.stringify(result));
