// Before an export leaves the machine: does any commit of the history (messages and text
// diffs) hold a secret this process knows (the environment's keys and tokens, the capability
// key) or a bearer token? Streams `git log -p` line by line, bounded in bytes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { containsSecret } from '../telemetry/index.ts';

export interface ScanResult {
  /** The first commit found holding a secret, or undefined. */
  commit?: string;
  /** Bytes of log read; `complete` is false when the bound stopped the scan early. */
  bytes: number;
  complete: boolean;
}

export async function scanHistory(repo: string, ref: string, maxBytes: number): Promise<ScanResult> {
  const child = spawn('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'core.quotePath=false', 'log', '-p', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x00commit %H%n%B', ref], {
    cwd: repo, stdio: ['ignore', 'pipe', 'ignore'], env: gitEnv(repo),
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let bytes = 0;
  let current = '';
  let found: string | undefined;
  let complete = true;
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    bytes += line.length + 1;
    if (line.startsWith('\0commit ')) current = line.slice(8);
    else if (containsSecret(line)) {
      found = current;
      break;
    }
    if (bytes > maxBytes) {
      complete = false;
      break;
    }
  }
  lines.close();
  child.kill();
  await exited;
  return { commit: found, bytes, complete };
}

/** The environment without GIT_* (which could point git elsewhere), never walking above the repository. */
function gitEnv(repo: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_CEILING_DIRECTORIES: path.dirname(path.resolve(repo)), LC_ALL: 'C' };
}
