// search_files: lines of workspace text files that contain a string (or match a regular
// expression), walked through the same confined directory handles as list_files. A
// regular expression from the model runs in a worker thread with a time limit, so a
// catastrophic pattern costs a refusal, not the event loop.
import type { Dirent } from 'node:fs';
import fsp from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { joinSegments } from './confine.ts';
import type { DirHandle } from './dir-handle.ts';
import { fromFsError, ToolError } from './errors.ts';
import { matchesGlob } from './policy/globs.ts';
import { openTarget } from './workspace-fs.ts';

export const SEARCH_MAX_FILES = 5000;
export const SEARCH_MAX_MATCHES = 200;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 400;
const REGEX_TIMEOUT_MS = 3000;

export interface SearchInput {
  pattern: string;
  regex?: boolean;
  path?: string;
  /** Only files whose workspace path matches this glob, e.g. '**\/*.ts'. */
  glob?: string;
  ignore_case?: boolean;
}

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  files_searched: number;
  truncated: boolean;
  note?: string;
}

/** `visible(path)` lets the policy hide files (files.deny / files.read). */
export async function searchFilesTool(workspace: string, input: SearchInput, visible: (p: string) => boolean = () => true): Promise<SearchResult> {
  if (typeof input.pattern !== 'string' || input.pattern === '') throw new ToolError('PATH_INVALID', 'pattern must be a non-empty string');
  if (input.pattern.length > 500) throw new ToolError('TOO_LARGE', 'the pattern is longer than 500 characters');
  if (input.regex) {
    try {
      new RegExp(input.pattern, input.ignore_case ? 'i' : '');
    } catch (e) {
      throw new ToolError('PATH_INVALID', `invalid regular expression: ${(e as Error).message}`);
    }
  }
  const files = await collectTextFiles(workspace, input, visible);
  const found = input.regex ? await regexSearch(files.files, input) : literalSearch(files.files, input);
  const truncated = files.truncated || found.length > SEARCH_MAX_MATCHES;
  const result: SearchResult = { matches: found.slice(0, SEARCH_MAX_MATCHES), files_searched: files.files.length, truncated };
  if (truncated) result.note = `stopped at ${SEARCH_MAX_MATCHES} matches or ${SEARCH_MAX_FILES} files; narrow 'path' or 'glob'`;
  return result;
}

/** Text files (at most SEARCH_MAX_FILES, each at most 1 MiB) below `input.path` of `workspace`, confined. */
export async function collectTextFiles(workspace: string, input: Pick<SearchInput, 'path' | 'glob'>, visible: (p: string) => boolean = () => true) {
  const t = await openTarget(workspace, input.path ?? '.', 'read', 'dir');
  const files: { path: string; text: string }[] = [];
  let truncated = false;
  const queue: { dir: DirHandle; segs: string[] }[] = [{ dir: t.dir, segs: t.shown === '.' ? [] : t.shown.split('/') }];
  try {
    while (queue.length && !truncated) {
      const { dir, segs } = queue.shift()!;
      try {
        const entries: Dirent[] = (await fsp.readdir(dir.self, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
        for (const d of entries) {
          const rel = joinSegments([...segs, d.name]);
          if (d.isDirectory()) {
            if (d.name.toLowerCase() === '.git' || d.name === 'node_modules') continue;
            const sub = await dir.child(d.name, false).catch(() => undefined);
            if (sub) queue.push({ dir: sub, segs: [...segs, d.name] });
          } else if (d.isFile() && visible(rel) && (!input.glob || matchesGlob(rel, input.glob))) {
            if (files.length >= SEARCH_MAX_FILES) {
              truncated = true;
              break;
            }
            const text = await readSmallText(dir.at(d.name));
            if (text !== undefined) files.push({ path: rel, text });
          }
        }
      } finally {
        await dir.close();
      }
    }
  } catch (e) {
    throw fromFsError(e, t.shown);
  } finally {
    for (const q of queue) await q.dir.close().catch(() => {});
  }
  return { files, truncated };
}

async function readSmallText(p: string): Promise<string | undefined> {
  const fs = await import('node:fs');
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const buf = await fh.readFile();
    if (buf.includes(0)) return undefined; // binary
    return buf.toString('utf8');
  } catch {
    return undefined; // vanished or swapped for a symlink since readdir
  } finally {
    await fh?.close();
  }
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}

function literalSearch(files: { path: string; text: string }[], input: SearchInput): SearchMatch[] {
  const needle = input.ignore_case ? input.pattern.toLowerCase() : input.pattern;
  const out: SearchMatch[] = [];
  for (const f of files) {
    const lines = f.text.split('\n');
    for (let i = 0; i < lines.length && out.length <= SEARCH_MAX_MATCHES; i++) {
      const hay = input.ignore_case ? lines[i].toLowerCase() : lines[i];
      if (hay.includes(needle)) out.push({ path: f.path, line: i + 1, text: clip(lines[i]) });
    }
  }
  return out;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.pattern, workerData.flags);
const out = [];
for (const f of workerData.files) {
  const lines = f.text.split('\\n');
  for (let i = 0; i < lines.length && out.length <= workerData.max; i++) if (re.test(lines[i])) out.push({ path: f.path, line: i + 1, text: lines[i] });
}
parentPort.postMessage(out);
`;

function regexSearch(files: { path: string; text: string }[], input: SearchInput): Promise<SearchMatch[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, pattern: input.pattern, flags: input.ignore_case ? 'i' : '', max: SEARCH_MAX_MATCHES }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new ToolError('TOO_LARGE', `the regular expression ran longer than ${REGEX_TIMEOUT_MS / 1000} s and was stopped; simplify it (avoid nested repetition like (a+)+)`));
    }, REGEX_TIMEOUT_MS);
    worker.once('message', (m: SearchMatch[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m.map((x) => ({ ...x, text: clip(x.text) })));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new ToolError('PATH_INVALID', `search failed: ${e.message}`));
    });
  });
}
