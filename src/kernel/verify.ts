// The `verify:` command of a task: its exit status is evidence the model cannot argue with.
// It runs in the agent's workspace with a timeout, capped output and no secrets in its
// environment. (The tool-runtime issue moves it inside the bubblewrap sandbox.)
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { VerifyResult } from '../learn/index.ts';

const OUTPUT_CAP = 8 * 1024;

export async function runVerify(command: string, workspace: string, timeoutMs: number): Promise<VerifyResult> {
  await mkdir(workspace, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workspace, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout kills its children too
    });
    let output = '';
    let timedOut = false;
    const take = (chunk: Buffer) => {
      if (output.length < OUTPUT_CAP) output += chunk.toString('utf8').slice(0, OUTPUT_CAP - output.length);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      killGroup(child.pid); // reap anything it left running in the background
      resolve({ command, exitCode, passed: exitCode === 0 && !timedOut, output, timedOut });
    };
    child.on('error', (err) => {
      output += `\n${err.message}`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
