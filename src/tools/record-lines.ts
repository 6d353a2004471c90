// A tool call record as one line of the task's commit message: what ran, with which
// arguments (redacted, clipped), how it ended, how big, how long, who approved it.
import type { ToolCallRecord } from './record.ts';

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function recordLine(r: ToolCallRecord): string {
  const status = r.exit !== undefined ? `exit ${r.exit ?? 'killed'}` : r.ok ? 'ok' : r.error ?? 'failed';
  const parts = [status, size(r.bytes), `${r.ms} ms`];
  if (r.approval) parts.push(r.approval);
  return `- ${r.name} ${r.args ?? ''} → ${parts.join(', ')}`.replace(/\s+→/, ' →');
}
