// Git's object formats (SHA-1): hashing, tree entries in git's order, commit text. Pure.
import { createHash } from 'node:crypto';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** An object ready to store: its type, its body and its id. */
export interface GitObject {
  type: ObjectType;
  body: Buffer;
  sha: string;
}

/**
 * One tree entry. `name` is a binary string (one char per byte of the UTF-8 name), so a name
 * git stored in another encoding survives a rewrite byte for byte. `mode` is kept as written
 * ('100644', '100755', '120000', '40000', '160000').
 */
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
export const ZERO_SHA = '0'.repeat(40);
export const SHA_RE = /^[0-9a-f]{40}$/;

export function hashObject(type: ObjectType, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

export function makeObject(type: ObjectType, body: Buffer): GitObject {
  return { type, body, sha: hashObject(type, body) };
}

export const isTreeMode = (mode: string): boolean => mode === '40000' || mode === '040000';

/** git's tree order: bytewise on names, a tree's name compared as if it ended in '/'. */
export function compareEntries(a: TreeEntry, b: TreeEntry): number {
  const an = isTreeMode(a.mode) ? a.name + '/' : a.name;
  const bn = isTreeMode(b.mode) ? b.name + '/' : b.name;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

export function encodeTree(entries: TreeEntry[]): Buffer {
  const sorted = [...entries].sort(compareEntries);
  const parts: Buffer[] = [];
  for (const e of sorted) {
    parts.push(Buffer.from(`${e.mode} ${e.name}\0`, 'latin1'), Buffer.from(e.sha, 'hex'));
  }
  return Buffer.concat(parts);
}

export function parseTree(body: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    const nul = body.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 21 > body.length) throw new Error(`malformed tree entry at byte ${i}`);
    out.push({ mode: body.toString('latin1', i, sp), name: body.toString('latin1', sp + 1, nul), sha: body.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return out;
}

/** An author or committer: name, e-mail, and when (default now, in the local time zone). */
export interface Ident {
  name: string;
  email: string;
  date?: Date;
}

/** `+hhmm` / `-hhmm` of the local zone at `d`. */
export function tzOffset(d: Date): string {
  const m = -d.getTimezoneOffset();
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** `Name <email> 1700000000 +0100`; name and email must already be safe (gitSafeIdentPart). */
export function formatIdent(id: Ident, now: Date): string {
  const d = id.date ?? now;
  return `${id.name} <${id.email}> ${Math.floor(d.getTime() / 1000)} ${tzOffset(d)}`;
}

export interface CommitFields {
  tree: string;
  parents: string[];
  author: string;
  committer: string;
  /** Already cleaned: safe text ending in one newline. */
  message: string;
}

export function encodeCommit(c: CommitFields): Buffer {
  const head = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`), `author ${c.author}`, `committer ${c.committer}`];
  return Buffer.from(`${head.join('\n')}\n\n${c.message}`, 'utf8');
}

/** The tree id of a commit body. */
export function commitTree(body: Buffer): string {
  const m = /^tree ([0-9a-f]{40})\n/.exec(body.toString('latin1', 0, 46));
  if (!m) throw new Error('commit without a tree line');
  return m[1];
}
