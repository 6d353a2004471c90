// The task path before and after issue 10, measured in the same run: this tree's kernel (commits
// written in-process by GitWriter, the commit is the journal) against the kernel of a baseline
// commit (default f4fed1b: journal fsync + `git add`/`git commit` spawns), extracted from git into
// a temp folder. Arms alternate in rounds, each in a fresh child process, so machine load hits
// both alike. Per task: overhead = wall time − model time (instant scripted model over real HTTP).
//   node bench/commit-path.ts [--tasks 300] [--rounds 2] [--baseline f4fed1b]
// Prints a table on stderr and one JSON object on the last line of stdout.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { tasks: { type: 'string' }, rounds: { type: 'string' }, baseline: { type: 'string' }, child: { type: 'string' } } });
const ROOT = path.resolve(import.meta.dirname, '..');
const REPLY = { json: { response: 'ok', outcome: 'success', reward: 1, context_tags: ['bench'], skill: { name: 'bench skill', description: 'a benchmark skill', body: 'Do the thing.' }, reflection: 'fine', goal: null } };

const pct = (v: number[], q: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100 : NaN;
};
const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

/** In a child: `tasks` tasks, one at a time, through the kernel under `src`; prints overheads and RSS. */
async function child(src: string, tasks: number): Promise<void> {
  const { openSystem } = await import(pathToFileURL(path.join(src, 'compose', 'index.ts')).href);
  const { startScriptedServer } = await import(pathToFileURL(path.join(src, 'models', 'index.ts')).href);
  const { silentLogger } = await import(pathToFileURL(path.join(src, 'telemetry', 'index.ts')).href);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-commit-'));
  writeFileSync(path.join(dir, 'agents.yaml'), 'agents:\n  - name: a0\n    persona: bench\n');
  const server = await startScriptedServer({ format: 'openai', script: () => REPLY });
  const { runtime } = await openSystem({
    tools: false, dataDir: dir, log: silentLogger(), pollIntervalMs: 60_000,
    model: { provider: 'openai-compatible', baseURL: server.url, model: 'instant', apiKey: undefined, maxTokens: 256, timeoutMs: 10_000, maxAttempts: 1, structured: 'json-schema' },
  });
  const overhead: number[] = [];
  const rss: number[] = [];
  const queue = path.join(dir, 'agents', 'a0', 'queue.md');
  runtime.start();
  try {
    for (let i = 0; i < tasks; i++) {
      const done = new Promise<{ durationMs: number; modelMs: number }>((resolve) => {
        const on = (e: { type: string; durationMs: number; modelMs: number }) => {
          if (e.type === 'task.completed') {
            runtime.events.off('event', on);
            resolve(e);
          }
        };
        runtime.events.on('event', on);
      });
      appendFileSync(queue, `\n## t${i}\ntask: benchmark task ${i} about pagination and retries\npriority: normal\ncreated: 2026-01-01T00:00:00Z\n`);
      const e = await done;
      overhead.push(e.durationMs - e.modelMs);
      if ((i + 1) % 50 === 0) rss.push(process.memoryUsage().rss);
    }
    const fsck = spawnSync('git', ['-C', path.join(dir, 'agents', 'a0'), 'fsck', '--full', '--strict', '--no-dangling'], { encoding: 'utf8' });
    console.log(JSON.stringify({ overhead, rss, fsck: fsck.status === 0 && !fsck.stdout.trim() }));
  } finally {
    await runtime.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline's src/ and package.json in a temp folder, resolving packages from this tree. */
function extract(rev: string): { dir: string; sha: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-baseline-'));
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', rev], { encoding: 'utf8' }).trim();
  const tar = execFileSync('git', ['-C', ROOT, 'archive', sha, 'src', 'package.json'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, sha };
}

function arm(src: string, tasks: number): { overhead: number[]; rss: number[]; fsck: boolean } {
  const r = spawnSync(process.execPath, [import.meta.filename, '--child', src, '--tasks', String(tasks)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench child for ${src} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

async function main(): Promise<void> {
  const tasks = Number(values.tasks ?? 300);
  const rounds = Number(values.rounds ?? 2);
  if (!(tasks >= 50 && tasks <= 100_000) || !(rounds >= 1 && rounds <= 20)) throw new Error('--tasks must be 50..100000 and --rounds 1..20');
  if (values.child) return child(values.child, tasks);
  const base = extract(values.baseline ?? 'f4fed1b');
  const arms = { writer: { overhead: [] as number[], rss: [] as number[], fsck: true }, git_cli: { overhead: [] as number[], rss: [] as number[], fsck: true } };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [name, src] of (r % 2 ? [['git_cli', path.join(base.dir, 'src')], ['writer', path.join(ROOT, 'src')]] : [['writer', path.join(ROOT, 'src')], ['git_cli', path.join(base.dir, 'src')]]) as ['writer' | 'git_cli', string][]) {
        const out = arm(src, tasks);
        arms[name].overhead.push(...out.overhead.slice(10)); // the first tasks warm up the JIT
        arms[name].rss.push(...out.rss);
        arms[name].fsck &&= out.fsck;
        console.error(`round ${r + 1} ${name}: overhead p50 ${pct(out.overhead, 0.5)} ms, p95 ${pct(out.overhead, 0.95)} ms, rss ${out.rss.map(mib).join(' → ')} MiB`);
      }
    }
  } finally {
    rmSync(base.dir, { recursive: true, force: true });
  }
  const w = arms.writer;
  const g = arms.git_cli;
  console.log(JSON.stringify({
    tasks_per_arm: tasks * rounds, rounds, baseline: base.sha, load_avg_1m: Math.round(os.loadavg()[0] * 10) / 10,
    overhead_ms_p50: pct(w.overhead, 0.5), overhead_ms_p95: pct(w.overhead, 0.95),
    git_cli_overhead_ms_p50: pct(g.overhead, 0.5), git_cli_overhead_ms_p95: pct(g.overhead, 0.95),
    overhead_ratio_p50: Math.round((pct(w.overhead, 0.5) / pct(g.overhead, 0.5)) * 100) / 100,
    rss_mib_first: mib(w.rss[0]), rss_mib_last: mib(Math.max(...w.rss.slice(-rounds))), rss_mib_max: mib(Math.max(...w.rss)),
    git_cli_rss_mib_first: mib(g.rss[0]), git_cli_rss_mib_max: mib(Math.max(...g.rss)),
    fsck_clean: w.fsck && g.fsck,
  }));
}

await main();
