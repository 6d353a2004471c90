// Error bodies never show where the server keeps its files: the data directory becomes DATA,
// and any other absolute path is cut to its last segment. Pure; app.ts applies it to every
// error message it sends.
import os from 'node:os';
import path from 'node:path';

/** Absolute POSIX paths of two or more segments, at a word start (not inside a URL or a word). */
const ABSOLUTE = /(^|[\s"'`(=[{<,;])((?:\/[^\s/"'`()<>{}[\],;]+){2,}\/?)/g;

export function scrubPaths(text: string, dataDir: string): string {
  let out = text;
  const data = path.resolve(dataDir);
  if (data !== '/') out = out.split(data).join('DATA');
  for (const root of [os.tmpdir(), os.homedir(), process.cwd()]) {
    if (root.length > 1 && root !== '/') out = out.split(root).join('…');
  }
  return out.replace(ABSOLUTE, (_m, lead: string, p: string) => `${lead}…/${path.basename(p)}`);
}
