// queue.md fuzzer (fixed seed, hundreds of cases): valid, mutated and hostile blocks (NUL, BOM,
// CRLF, key floods, alias bombs, deep nesting, huge values, bad ttl, after: on itself, duplicate
// ids, unfinished tails). Each case is parsed, then written to a real queue.md and its rejects
// quarantined. Counted: crashes (anything thrown), hangs (a case past the bound), lost (a block
// that is neither a task, rejected, nor held as unfinished; or bytes that left queue.md without
// reaching queue.rejected.md) and clear errors (each rejection says where and why).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseQueue, QueueFile, serializeTask, splitBlocks } from '../src/store/index.ts';
import { int, isClear, pick, seeded, tableLines, type FuzzRow } from './support/fuzz.ts';

const CASES = 400;
const HANG_MS = 15_000;

function validBlock(r: () => number, id: string): string {
  return serializeTask({
    id, task: pick(r, ['Fix the bug.', 'Line one\nline two\n## not a header\n```\ncode\n```', 'ü 日本 😀 "quoted" #hash: colon', ' leading space']),
    priority: pick(r, ['high', 'normal', 'low'] as const), created: pick(r, ['', '2026-04-29T10:05:00Z', '2026-04-29']),
    ...(r() < 0.3 && { ttl: pick(r, ['10m', 90, '2h']) }), ...(r() < 0.3 && { tags: ['a', 'b c'] }), ...(r() < 0.2 && { after: [`u${int(r, 0, 9)}`] }),
    ...(r() < 0.2 && { extra: { note: 'x', n: 3 } }),
  });
}

const HOSTILE: ((r: () => number, id: string) => string)[] = [
  (_, id) => `## ${id}\ntask: a\u0000b\npriority: high\n`,
  (_, id) => `\ufeff## ${id}\r\ntask: crlf\r\npriority: normal\r\n`,
  (_, id) => `## ${id}\ntask: x\nttl: ${pick(Math.random, ['forever', '-5m', '0', 'NaN', '1e309', '[1]'])}\n`,
  (_, id) => `## ${id}\ntask: x\nafter: [${id}]\n`,
  (r, id) => `## ${id}\ntask: t\n${Array.from({ length: pick(r, [int(r, 70, 3000), 40_000]) }, (_, i) => `k${i}: ${i}`).join('\n')}\n`,
  (r, id) => `## ${id}\ntask: t\nextra: {${Array.from({ length: pick(r, [int(r, 70, 3000), 30_000]) }, (_, i) => `a${i}: 1`).join(', ')}}\n`,
  (_, id) => `## ${id}\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntask: bomb\n`,
  (r, id) => `## ${id}\ntask: ${'['.repeat(int(r, 100, 5000))}${']'.repeat(int(r, 0, 5000))}\n`,
  (r, id) => `## ${id}\ntask: ${'x'.repeat(int(r, 60, 300) * 1024)}\n`,
  (_, id) => `## ${id}\ntask: one\ntask: two\n`,
  (_, id) => `## ${id}\n`,
  (_, id) => `## ${id}\n- a list\n- not a map\n`,
  (_, id) => `## ${id}\ntask: [unclosed\npriority: "unterminated\n`,
  (_, id) => `## ${id}\ntask: ok\ncreated: yesterday\npriority: urgent\ntags: {a: 1}\n`,
  (r) => `## ${pick(r, ['', 'bad id with spaces', '-dash', 'x'.repeat(200), 'ünïcode', '../../etc'])}\ntask: x\n`,
  (_, id) => `## ${id}\ntask: |\n  ${'very long line '.repeat(2000)}\n`,
  (_, id) => `## ${id}\ntask: ${'\u0007\u001b[2J\u0085\u2028'.repeat(50)}\n`,
];

function mutate(r: () => number, text: string): string {
  const lines = text.split('\n');
  for (let n = int(r, 1, 3); n > 0; n--) {
    const i = int(r, 0, lines.length - 1);
    const op = int(r, 0, 4);
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[int(r, 0, lines.length - 1)]);
    else if (op === 2) lines[i] = `${' '.repeat(int(r, 0, 3))}${lines[i]}`;
    else if (op === 3) lines[i] = lines[i].slice(0, int(r, 0, lines[i].length));
    else lines[i] = lines[i] + String.fromCharCode(int(r, 0, 0x2fff));
  }
  return lines.join('\n');
}

function queueText(r: () => number, c: number): string {
  let text = r() < 0.5 ? '# Task queue\n\nSome preamble.\n' : '';
  for (let b = int(r, 1, 6); b > 0; b--) {
    const id = `t${int(r, 0, 9)}`;
    const kind = r();
    text += `\n${kind < 0.4 ? validBlock(r, id) : kind < 0.7 ? mutate(r, validBlock(r, id)) : pick(r, HOSTILE)(r, id)}`;
  }
  return c % 7 === 0 ? text.replace(/\n$/, '') : text; // an unfinished last line
}

test('queue.md fuzzer: no crash, no hang, nothing lost, a clear error for every rejected block', { timeout: 900_000 }, async (t) => {
  const r = seeded(20260301);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-fuzzq-'));
  const row: FuzzRow = { attack: 'queue.md blocks (valid, mutated, hostile)', cases: CASES, crashes: 0, hangs: 0, lost: 0, clear: [0, 0] };
  const problems: string[] = [];
  try {
    for (let c = 0; c < CASES; c++) {
      const text = queueText(r, c);
      const started = performance.now();
      try {
        const q = parseQueue(text);
        const accounted = new Set([...q.tasks.map((x) => x.line), ...q.rejected.map((x) => x.line), ...(q.partial ? [q.partial.line] : [])]);
        const blocks = splitBlocks(text);
        if (blocks.some((b) => !accounted.has(b.line))) (row.lost++, problems.push(`case ${c}: a block was dropped`));
        for (const rej of q.rejected) {
          row.clear[1]++;
          if (isClear(rej.reason) && /^line \d+/.test(rej.reason)) row.clear[0]++;
          else problems.push(`case ${c}: unclear: ${JSON.stringify(rej.reason).slice(0, 300)}`);
        }
        // The file round trip: rejects move to queue.rejected.md, every byte goes somewhere.
        const file = path.join(dir, `q${c}.md`);
        const rejectedFile = path.join(dir, `q${c}.rejected.md`);
        writeFileSync(file, text);
        const qf = new QueueFile(file, rejectedFile, { fsync: false, graceMs: 0, settleMs: 0 });
        const snap = await qf.read();
        await qf.quarantine(snap.rejected);
        await qf.close();
        const after = readFileSync(file, 'utf8');
        const moved = snap.rejected.length ? readFileSync(rejectedFile, 'utf8') : '';
        // Every block of the original is still in queue.md or now in queue.rejected.md (counted, as blocks repeat).
        const occ = (hay: string, needle: string) => {
          let n = 0;
          for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) n++;
          return n;
        };
        const raws = splitBlocks(text).map((b) => text.slice(b.start, b.end).trimEnd());
        for (const raw of new Set(raws)) {
          if (occ(after, raw) + occ(moved, raw) < raws.filter((x) => x === raw).length) (row.lost++, problems.push(`case ${c}: a block is in neither file: ${JSON.stringify(raw.slice(0, 80))}`));
        }
        for (const rej of snap.rejected) if (occ(moved, rej.raw.trimEnd()) < snap.rejected.filter((x) => x.raw === rej.raw).length) (row.lost++, problems.push(`case ${c}: rejected block not moved`));
        for (const task of snap.tasks) if (!after.includes(`## ${task.id}`)) (row.lost++, problems.push(`case ${c}: task ${task.id} left queue.md`));
      } catch (e) {
        row.crashes++;
        problems.push(`case ${c}: threw ${(e as Error).stack?.slice(0, 400)}`);
      }
      if (performance.now() - started > HANG_MS) (row.hangs++, problems.push(`case ${c}: past ${HANG_MS} ms`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const line of tableLines([row])) t.diagnostic(line);
  assert.deepEqual(problems.slice(0, 10), []);
  assert.deepEqual([row.crashes, row.hangs, row.lost, row.clear[0]], [0, 0, 0, row.clear[1]]);
  assert.ok(row.clear[1] > CASES / 2, 'the fuzzer reaches the rejection paths');
});
