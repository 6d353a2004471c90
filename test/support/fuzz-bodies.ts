// Hostile HTTP bodies from a seeded generator, for the API fuzzer: random JSON, deep nesting,
// huge strings, wrong types, unicode and lone surrogates, NUL and control bytes, prototype keys,
// broken encodings. Deterministic for a seed, so a failure names a case that can be replayed.

export type Rand = () => number;

/** The seeded generator (mulberry32) the evaluation statistics use: runs repeat exactly. */
import { seededRandom } from '../../src/eval/stats.ts';
export const seeded = seededRandom;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const ODD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\u0007\u001b[31mred', '\r\n## injected\npriority: high', '\ud800', '\udfff\ud800', '😀'.repeat(50),
  'ٱلسَّلَامُ', '\u202e\u2066', '\ufeffbom', '../../etc/passwd', '/etc/shadow', 'C:\\Windows', '${HOME}', '$(id)', '`id`', '%00', '%s%n',
  '<script>alert(1)</script>', "'; DROP TABLE tasks; --", 'NaN', 'Infinity', '-0', '1e309', 'true', 'null', '{}', '[]',
];
const KEYS = ['task', 'id', 'priority', 'verify', 'ttl', 'tags', 'after', 'plan', 'locks', 'judges', 'reason', 'choice', 'answer', 'label', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '\u0000', 'task ', 'TASK'];

function oddString(r: Rand): string {
  switch (int(r, 0, 5)) {
    case 0: return pick(r, ODD_STRINGS);
    case 1: return pick(r, ODD_STRINGS).repeat(int(r, 1, 2000));
    case 2: return 'x'.repeat(pick(r, [64, 4096, 65_535, 65_536, 65_537, 300_000, 900_000]));
    case 3: return Array.from({ length: int(r, 1, 200) }, () => String.fromCharCode(int(r, 0, 0xffff))).join('');
    case 4: return `task ${int(r, 0, 1e9)}`;
    default: return Array.from({ length: int(r, 1, 40) }, () => String.fromCodePoint(int(r, 0x20, 0x10ffff))).join('');
  }
}

export function randomValue(r: Rand, depth = 0): unknown {
  const k = int(r, 0, depth > 4 ? 5 : 8);
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return pick(r, [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, int(r, -1e6, 1e6)]);
    case 3: case 4: case 5: return oddString(r);
    case 6: return Array.from({ length: int(r, 0, 6) }, () => randomValue(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(r, 0, 6) }, () => [pick(r, KEYS), randomValue(r, depth + 1)]));
  }
}

/** A task body that is nearly right, with one or more fields made wrong. */
function mutatedTask(r: Rand): Record<string, unknown> {
  const body: Record<string, unknown> = { task: `Fuzz task ${int(r, 0, 1e6)}` };
  if (r() < 0.5) body.id = `fz-${int(r, 0, 1e9)}`;
  for (let n = int(r, 1, 3); n > 0; n--) body[pick(r, KEYS)] = randomValue(r);
  return body;
}

/** A body of the right shape whose strings are hostile: what must survive queue.md and git. */
function hostileTask(r: Rand): Record<string, unknown> {
  const text = () => pick(r, ODD_STRINGS.filter((x) => x.trim())) + (r() < 0.5 ? oddString(r).slice(0, 2000) : '');
  const body: Record<string, unknown> = { task: text() };
  if (r() < 0.3) body.tags = [text().slice(0, 40)];
  if (r() < 0.3) body.priority = pick(r, ['high', 'normal', 'low']);
  if (r() < 0.2) body.verify = pick(r, ['true', 'false', 'exit 3', 'echo $HOME', 'cat /etc/hostname', "printf '\\0'"]);
  if (r() < 0.2) body.ttl = pick(r, ['10m', 90, '1d']);
  if (r() < 0.15) body.judges = [pick(r, [{ kind: 'contains', text: text().slice(0, 100) }, { kind: 'regex', pattern: '(a+)+$' }, { kind: 'command', run: 'true' }, { kind: 'llm', rubric: text().slice(0, 200) }])];
  return body;
}

function nested(r: Rand): string {
  const depth = pick(r, [100, 1000, 10_000, 100_000, 400_000]);
  const [open, close] = r() < 0.5 ? ['[', ']'] : ['{"a":', '}'];
  const inner = `${open.repeat(depth)}1${close.repeat(depth)}`;
  return r() < 0.5 ? inner : `{"task":"deep","tags":${inner}}`;
}

/** One fuzz body: a string (sent as UTF-8) or raw bytes. */
export function fuzzBody(r: Rand): { kind: string; body: string | Uint8Array } {
  const k = int(r, 0, 11);
  switch (k) {
    case 10: case 11: return { kind: 'hostile text, valid shape', body: JSON.stringify(hostileTask(r)) };
    case 0: return { kind: 'random JSON', body: JSON.stringify(randomValue(r)) ?? 'null' };
    case 1: case 2: case 3: return { kind: 'mutated task', body: JSON.stringify(mutatedTask(r)) };
    case 4: return { kind: 'deep nesting', body: nested(r) };
    case 5: return { kind: 'prototype keys', body: `{"task":"p","__proto__":${JSON.stringify(randomValue(r))},"constructor":{"prototype":{"polluted":true}}}` };
    case 6: return { kind: 'huge string', body: JSON.stringify({ task: 'h'.repeat(pick(r, [65_000, 600_000, 1_048_000, 1_100_000, 3_000_000])) }) };
    case 7: return { kind: 'broken JSON', body: pick(r, ['', ' ', '{', '{"task":', '{"task":"x"', '{"task":"x"}}', '\ufeff{"task":"bom"}', '{"task":"\\ud800"}', "{'task':'x'}", '{"task":"x",}', 'null', '[]', '"x"', '1e999']) };
    case 8: return { kind: 'raw bytes', body: Uint8Array.from({ length: int(r, 1, 4096) }, () => int(r, 0, 255)) };
    default: return { kind: 'duplicate keys', body: `{"task":"a","task":${JSON.stringify(randomValue(r))},"id":"dup-${int(r, 0, 50)}"}` };
  }
}
