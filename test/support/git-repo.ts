// Test helper: a throwaway repository made by real git, and a way to run git in it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestRepo {
  dir: string;
  git: (...args: string[]) => string;
  /** git that may fail: its exit code and output. */
  tryGit: (...args: string[]) => { code: number; out: string };
  write: (rel: string, content: string | Buffer) => void;
}

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Person', GIT_AUTHOR_EMAIL: 'person@example.com', GIT_COMMITTER_NAME: 'Person', GIT_COMMITTER_EMAIL: 'person@example.com' };

export function makeRepo(t: { after: (fn: () => void) => void }, initArgs: string[] = []): TestRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-gw-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const tryGit = (...args: string[]) => {
    try {
      return { code: 0, out: git(...args) };
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      return { code: x.status, out: `${x.stdout}${x.stderr}` };
    }
  };
  git('init', '-q', '-b', 'main', ...initArgs);
  git('config', 'gc.auto', '0');
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  return { dir, git, tryGit, write };
}
