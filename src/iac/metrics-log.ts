// IAC events worth measuring (handoff latency, segment use), one JSON line each in
// DATA/.agentos/iac-metrics.jsonl: derived runtime records, like the index, not a source of truth.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runtimeDir } from '../store/index.ts';

export type IacMetric =
  | { type: 'handoff'; from: string; to: string; task: string; at: string }
  | { type: 'handoff_started'; to: string; task: string; latency_ms: number; at: string }
  | { type: 'handoff_refused'; from: string; to: string; task: string; reason: string; at: string }
  | { type: 'segment_use'; agent: string; task: string; segments: string[]; success: boolean; at: string }
  | { type: 'dispatch'; agent: string; task: string; why: string; at: string };

export const metricsPath = (dataDir: string) => path.join(runtimeDir(dataDir), 'iac-metrics.jsonl');

export async function recordMetric(dataDir: string, m: IacMetric): Promise<void> {
  const file = metricsPath(dataDir);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(m)}\n`);
}

export async function readMetrics(dataDir: string): Promise<IacMetric[]> {
  let text: string;
  try {
    text = await readFile(metricsPath(dataDir), 'utf8');
  } catch {
    return [];
  }
  const out: IacMetric[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as IacMetric);
    } catch {
      // a torn last line after a crash
    }
  }
  return out;
}
