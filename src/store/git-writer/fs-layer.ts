// The file operations whose order makes a commit durable, behind one small interface so tests
// can record the order (fsync before rename before ref) or inject a fault between two steps.
import fs from 'node:fs';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fs.fsync);

export interface FsLayer {
  /** Create `file` (EEXIST when it exists) open for writing; returns the descriptor. */
  createExclusive(file: string, mode: number): number;
  write(fd: number, file: string, data: Buffer): void;
  /** Flush a file's data and metadata to disk (runs off the event loop). */
  fsync(fd: number, file: string): Promise<void>;
  close(fd: number, file: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  /** Flush a directory, making renames and unlinks in it durable. */
  fsyncDir(dir: string): Promise<void>;
  /** Append `data` with one write (O_APPEND), creating the file if needed. */
  append(file: string, data: Buffer): void;
  mkdirp(dir: string): void;
}

/** The real file system: cheap steps synchronous, flushes on the thread pool. */
export const realFs: FsLayer = {
  createExclusive: (file, mode) => fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, mode),
  write(fd, _file, data) {
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
  },
  fsync: (fd) => fsyncAsync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
  async fsyncDir(dir) {
    const fd = fs.openSync(dir, 'r');
    try {
      await fsyncAsync(fd).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EINVAL' && e.code !== 'EBADF') throw e; // a file system that cannot sync directories
      });
    } finally {
      fs.closeSync(fd);
    }
  },
  append(file, data) {
    const fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_APPEND | fs.constants.O_WRONLY, 0o666);
    try {
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
  },
  mkdirp: (dir) => void fs.mkdirSync(dir, { recursive: true }),
};

export type FsEvent = { op: 'create' | 'write' | 'fsync' | 'close' | 'unlink' | 'fsyncDir' | 'append' | 'mkdirp'; path: string } | { op: 'rename'; path: string; to: string };

/**
 * A layer that records every step into `events` and calls `before(event)` first (a test
 * throws there to simulate a crash between two steps), then delegates to `inner`.
 */
export function recordingFs(events: FsEvent[], before: (e: FsEvent) => void = () => {}, inner: FsLayer = realFs): FsLayer {
  const rec = (e: FsEvent) => {
    before(e);
    events.push(e);
  };
  return {
    createExclusive: (file, mode) => (rec({ op: 'create', path: file }), inner.createExclusive(file, mode)),
    write: (fd, file, data) => (rec({ op: 'write', path: file }), inner.write(fd, file, data)),
    fsync: async (fd, file) => (rec({ op: 'fsync', path: file }), inner.fsync(fd, file)),
    close: (fd, file) => (rec({ op: 'close', path: file }), inner.close(fd, file)),
    rename: (from, to) => (rec({ op: 'rename', path: from, to }), inner.rename(from, to)),
    unlink: (file) => (rec({ op: 'unlink', path: file }), inner.unlink(file)),
    fsyncDir: async (dir) => (rec({ op: 'fsyncDir', path: dir }), inner.fsyncDir(dir)),
    append: (file, data) => (rec({ op: 'append', path: file }), inner.append(file, data)),
    mkdirp: (dir) => (rec({ op: 'mkdirp', path: dir }), inner.mkdirp(dir)),
  };
}
