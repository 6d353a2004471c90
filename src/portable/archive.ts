// The export container: a POSIX tar (node-tar, portable headers) of exactly two regular files,
// manifest.json and agent.bundle. Reading never extracts: each entry is checked by name, type
// and declared size before a byte is kept, the bundle is streamed to a file with its sha256
// computed on the way, and anything else in the archive is refused.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { create, list, type ReadEntry } from 'tar';
import { archiveError } from './errors.ts';
import { BUNDLE_FILE, MANIFEST_FILE, MAX_MANIFEST_BYTES } from './manifest.ts';

/** Writes `dir/manifest.json` and `dir/agent.bundle` into the tar `out`. */
export async function writeArchive(dir: string, out: string): Promise<void> {
  await create({ file: out, cwd: dir, portable: true, noDirRecurse: true }, [MANIFEST_FILE, BUNDLE_FILE]);
}

export interface ReadArchive {
  manifestText: string;
  bundleBytes: number;
  bundleSha256: string;
}

/** Reads the archive `file`, writing its bundle to `bundleOut`; refuses anything unexpected. */
export async function readArchive(file: string, bundleOut: string, maxBundleBytes: number): Promise<ReadArchive> {
  const problems: string[] = [];
  const seen = new Set<string>();
  let manifest: Buffer | undefined;
  const hash = createHash('sha256');
  let bundleBytes = 0;
  const writes: Promise<void>[] = [];

  const onReadEntry = (entry: ReadEntry) => {
    const name = entry.path;
    const refuse = (why: string) => {
      problems.push(why);
      entry.resume();
    };
    if (entry.type !== 'File' && entry.type !== 'OldFile') return refuse(`unexpected ${entry.type} entry ${JSON.stringify(name)} (an export holds only ${MANIFEST_FILE} and ${BUNDLE_FILE})`);
    if (name !== MANIFEST_FILE && name !== BUNDLE_FILE) return refuse(`unexpected entry ${JSON.stringify(name)} (an export holds only ${MANIFEST_FILE} and ${BUNDLE_FILE})`);
    if (seen.has(name)) return refuse(`${name} appears twice`);
    seen.add(name);
    const size = entry.size ?? 0;
    if (name === MANIFEST_FILE) {
      if (size > MAX_MANIFEST_BYTES) return refuse(`${MANIFEST_FILE} is ${size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => (manifest = Buffer.concat(chunks)));
      return;
    }
    if (size > maxBundleBytes) return refuse(`${BUNDLE_FILE} is ${size} bytes, over the limit of ${maxBundleBytes} (raise it with --max-mb)`);
    const sink = createWriteStream(bundleOut, { flags: 'wx', mode: 0o600 });
    writes.push(new Promise((resolve, reject) => {
      sink.on('finish', resolve);
      sink.on('error', reject);
    }));
    entry.on('data', (c: Buffer) => {
      bundleBytes += c.length;
      hash.update(c);
    });
    entry.pipe(sink);
  };

  try {
    await list({ file, strict: true, onReadEntry });
    await Promise.all(writes);
  } catch (e) {
    throw archiveError(file, `not a readable export archive: ${(e as Error).message} (is it truncated or corrupt?)`);
  }
  if (problems.length) throw archiveError(file, problems.join('; '));
  if (!manifest) throw archiveError(file, `no ${MANIFEST_FILE} in the archive (is it an AgentOS export, and complete?)`);
  if (!seen.has(BUNDLE_FILE)) throw archiveError(file, `no ${BUNDLE_FILE} in the archive (is it complete?)`);
  return { manifestText: manifest.toString('utf8'), bundleBytes, bundleSha256: hash.digest('hex') };
}
