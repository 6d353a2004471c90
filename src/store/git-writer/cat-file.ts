// One `git cat-file --batch` kept open: the reader's fallback for objects it cannot reach
// itself (alternates, promisor packs, an index version it does not parse).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Git } from '../git.ts';
import type { ObjectType } from './objects.ts';

interface Pending {
  sha: string;
  resolve: (o: { type: ObjectType; body: Buffer } | null) => void;
  reject: (e: Error) => void;
}

export class CatFileBatch {
  readonly #git: Git;
  #proc: ChildProcessWithoutNullStreams | undefined;
  #queue: Pending[] = [];
  #buf: Buffer = Buffer.alloc(0);
  #stderr = '';

  constructor(git: Git) {
    this.#git = git;
  }

  /** The object, or null when git does not have it. */
  read(sha: string): Promise<{ type: ObjectType; body: Buffer } | null> {
    const proc = this.#start();
    return new Promise((resolve, reject) => {
      this.#queue.push({ sha, resolve, reject });
      proc.stdin.write(`${sha}\n`);
    });
  }

  close(): void {
    const p = this.#proc;
    this.#proc = undefined;
    if (p) p.stdin.end();
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#proc) return this.#proc;
    const p = this.#git.spawn(['cat-file', '--batch']);
    this.#proc = p;
    this.#buf = Buffer.alloc(0);
    p.stdout.on('data', (d: Buffer) => {
      this.#buf = this.#buf.length ? Buffer.concat([this.#buf, d]) : d;
      this.#drain();
    });
    p.stderr.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-2000);
    });
    p.stdin.on('error', () => {});
    const fail = (why: string) => {
      if (this.#proc === p) this.#proc = undefined;
      const q = this.#queue;
      this.#queue = [];
      for (const r of q) r.reject(new Error(`git cat-file --batch in ${this.#git.dir} ${why}: ${this.#stderr.trim() || 'no output'}`));
    };
    p.on('error', (e) => fail(`failed to start (${e.message})`));
    p.on('exit', (code) => fail(`exited (${code})`));
    return p;
  }

  #drain(): void {
    while (this.#queue.length) {
      const nl = this.#buf.indexOf(0x0a);
      if (nl < 0) return;
      const line = this.#buf.toString('latin1', 0, nl);
      const head = this.#queue[0];
      if (line.endsWith(' missing')) {
        this.#buf = this.#buf.subarray(nl + 1);
        this.#queue.shift();
        head.resolve(null);
        continue;
      }
      const [, type, size] = line.split(' ');
      const n = Number(size);
      if (this.#buf.length < nl + 1 + n + 1) return;
      const body = Buffer.from(this.#buf.subarray(nl + 1, nl + 1 + n));
      this.#buf = this.#buf.subarray(nl + 1 + n + 1);
      this.#queue.shift();
      head.resolve({ type: type as ObjectType, body });
    }
  }
}
