// Human-readable logs for a terminal: each pino JSON record becomes one line,
// `12:04:05 WARN  orion/task-7: message  key=value …`, with multi-line values (a stack) indented
// below it. The record is already redacted by the logger; the finished text is redacted again.
import type { DestinationStream } from 'pino';
import { redactText } from './redact.ts';

const LABELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLORS: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };
/** pino's own fields, and those shown in the line's head rather than as key=value. */
const HEAD = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v', 'agent', 'task']);

export interface PrettyOptions {
  /** ANSI colours for the level and the dimmed fields. */
  color?: boolean;
}

/** One log record (pino's JSON object) as text for a person; no trailing newline. */
export function prettyLine(record: Record<string, unknown>, opts: PrettyOptions = {}): string {
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const level = typeof record.level === 'number' ? record.level : 30;
  const head = [clock(record.time), paint(COLORS[level] ?? '0', (LABELS[level] ?? String(record.level)).padEnd(5))];
  const who = [record.agent, record.task].filter((v) => typeof v === 'string' && v !== '').join('/');
  if (who) head.push(paint('36', record.msg ? `${who}:` : who));
  if (typeof record.msg === 'string' && record.msg !== '') head.push(record.msg);
  const fields: string[] = [];
  const blocks: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (HEAD.has(key) || value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text.includes('\n')) blocks.push(`    ${key}:`, ...text.split('\n').map((l) => `      ${l}`));
    else fields.push(paint('2', `${key}=`) + (typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : typeof value === 'string' ? JSON.stringify(value) : text));
  }
  const line = fields.length > 0 ? `${head.join(' ')}  ${fields.join(' ')}` : head.join(' ');
  return [line, ...blocks].join('\n');
}

function clock(time: unknown): string {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A pino destination that writes pretty lines to `out` (a terminal, usually stderr). */
export function prettyDestination(out: { write(s: string): unknown }, opts: PrettyOptions = {}): DestinationStream {
  return {
    write(chunk: string) {
      for (const raw of chunk.split('\n')) {
        if (raw === '') continue;
        let text: string;
        try {
          text = prettyLine(JSON.parse(raw) as Record<string, unknown>, opts);
        } catch {
          text = raw; // not a record: pass it through rather than lose it
        }
        out.write(`${redactText(text)}\n`);
      }
    },
  };
}
