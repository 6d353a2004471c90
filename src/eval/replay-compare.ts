// What a task's result is, for replay: read from its commit (the live one and the replayed one),
// and where two differ. The result is the reward and audit, the outcome, the files the commit
// changed with a hash of their content, the world decisions and the commit message lines that say
// what happened. Volatile parts are left out, and the README lists them: wall times (`duration_ms`,
// a tool call's ms), the ledger's line ids, times and day file (its lines are compared without
// them), queue.md (it holds other tasks' intake) and a `resumed:` line (a crash, not a result).
import { createHash } from 'node:crypto';
import type { Git } from '../store/index.ts';

export interface ResultView {
  /** task: a task commit; dead-letter: the task failed and was dead-lettered. */
  kind: 'task' | 'dead-letter' | 'none';
  outcome: string | null;
  reward: number | null;
  audit: number | null;
  /** path → status and hash of the normalized content ('deleted' for a deletion). */
  files: Record<string, string>;
  world: string[];
  lines: string[];
}

export interface Difference {
  what: string;
  recorded: string;
  replayed: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** A commit message's lines that say what happened, volatile parts masked. */
export function messageLines(message: string): string[] {
  return message.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !l.startsWith('resumed: '))
    .map((l) => l.replace(/, \d+ ms(?=,|$)/, ', <ms>'));
}

/** A file's content as compared: wall times masked. */
export function normalizeFile(path: string, content: string): string {
  if (path.startsWith('ledger/')) return ledgerLines(content).join('\n');
  return content.replace(/^(\s*duration_ms:\s*)\d+/gm, '$1<ms>');
}

/** Ledger lines without their id and time (which differ on every run). */
export function ledgerLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => {
    try {
      const { id: _id, at: _at, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return l;
    }
  });
}

const OUTCOME = /^outcome: (\w+); reward ([+-]?\d+), audit ([+-]?\d+)/m;

/** The result a commit records (`sha` the task's or dead letter's commit). */
export async function resultOf(git: Git, commit: string | undefined): Promise<ResultView> {
  const none: ResultView = { kind: 'none', outcome: null, reward: null, audit: null, files: {}, world: [], lines: [] };
  if (!commit) return none;
  const message = await git.raw(['show', '-s', '--format=%B', commit]);
  const subject = message.split('\n')[0] ?? '';
  const m = OUTCOME.exec(message);
  const files: Record<string, string> = {};
  const ledger: string[] = [];
  const parent = `${commit}^`;
  for (const row of (await git.raw(['diff', '--name-status', '--no-renames', parent, commit])).split('\n').filter(Boolean)) {
    const [status, file] = row.split('\t');
    if (!file || file === 'queue.md') continue;
    if (file.startsWith('ledger/')) {
      ledger.push(...(await addedLines(git, parent, commit, file)));
      continue;
    }
    files[file] = status === 'D' ? 'deleted' : `${status === 'A' ? 'added' : 'changed'} ${sha(normalizeFile(file, await git.raw(['show', `${commit}:${file}`])))}`;
  }
  if (ledger.length) files['ledger/*'] = `${ledger.length} line(s) ${sha(ledgerLines(ledger.join('\n')).sort().join('\n'))}`;
  const lines = messageLines(message);
  return {
    kind: /\(dead-letter\): /.test(subject) ? 'dead-letter' : 'task',
    outcome: m?.[1] ?? null, reward: m ? Number(m[2]) : null, audit: m ? Number(m[3]) : null,
    files, world: lines.filter((l) => l.startsWith('world: ')), lines,
  };
}

async function addedLines(git: Git, from: string, to: string, file: string): Promise<string[]> {
  const diff = await git.raw(['diff', '--unified=0', from, to, '--', file]);
  return diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
}

/** Where two results differ (empty when identical). */
export function compareResults(recorded: ResultView, replayed: ResultView): Difference[] {
  const out: Difference[] = [];
  const add = (what: string, a: unknown, b: unknown) => {
    const x = a === null || a === undefined ? '—' : String(a);
    const y = b === null || b === undefined ? '—' : String(b);
    if (x !== y) out.push({ what, recorded: x, replayed: y });
  };
  add('result', recorded.kind, replayed.kind);
  add('outcome', recorded.outcome, replayed.outcome);
  add('reward', recorded.reward, replayed.reward);
  add('audit', recorded.audit, replayed.audit);
  for (const f of [...new Set([...Object.keys(recorded.files), ...Object.keys(replayed.files)])].sort()) add(`file ${f}`, recorded.files[f] ?? 'unchanged', replayed.files[f] ?? 'unchanged');
  const only = (a: string[], b: string[]) => a.filter((l) => !b.includes(l));
  const lostWorld = only(recorded.world, replayed.world);
  const newWorld = only(replayed.world, recorded.world);
  if (lostWorld.length || newWorld.length) out.push({ what: 'world decisions', recorded: lostWorld.join(' | ') || '—', replayed: newWorld.join(' | ') || '—' });
  const lost = only(recorded.lines, replayed.lines).filter((l) => !l.startsWith('world: '));
  const gained = only(replayed.lines, recorded.lines).filter((l) => !l.startsWith('world: '));
  if (lost.length || gained.length) out.push({ what: 'commit message lines', recorded: lost.join(' | ') || '—', replayed: gained.join(' | ') || '—' });
  return out;
}
