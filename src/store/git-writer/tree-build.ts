// Rebuild trees only along changed paths: unchanged subtrees keep their ids, read (and cached)
// from the parent commit's tree. Returns the new root, the new tree objects and, per path, what
// the index should now say. Pure apart from reading trees through `trees`.
import { GitWriterError } from './errors.ts';
import { EMPTY_TREE, encodeTree, isTreeMode, makeObject, type GitObject, type TreeEntry } from './objects.ts';

export type Leaf = { kind: 'write'; sha: string; mode?: string } | { kind: 'delete' };
type Dir = { kind: 'dir'; clear: boolean; children: Map<string, Node> };
type Node = Leaf | Dir;

export interface TreeSource {
  tree(sha: string): Promise<TreeEntry[]>;
  rememberTree(sha: string, entries: TreeEntry[]): void;
}

export interface BuiltTree {
  root: string;
  /** New tree objects, children before parents. */
  trees: GitObject[];
  /** Each written path → its final mode and blob (binary-string paths). */
  written: Map<string, { mode: string; sha: string; before: string | null }>;
  /** Each deleted path (files under a deleted folder listed one by one) → whether it was in the tree. */
  deleted: Map<string, boolean>;
}

const conflict = (repo: string, p: string, why: string) =>
  new GitWriterError('E_GIT_INPUT', repo, `${repo}: cannot commit ${JSON.stringify(Buffer.from(p, 'latin1').toString('utf8'))}: ${why}`);

/** Nest binary-string paths into a change tree; deletes are placed before writes. */
function plan(changes: Map<string, Leaf>, repo: string): Dir {
  const root: Dir = { kind: 'dir', clear: false, children: new Map() };
  const ordered = [...changes].sort(([, a], [, b]) => (a.kind === b.kind ? 0 : a.kind === 'delete' ? -1 : 1));
  for (const [p, leaf] of ordered) {
    const parts = p.split('/');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      let child = node.children.get(parts[i]);
      if (!child) node.children.set(parts[i], (child = { kind: 'dir', clear: false, children: new Map() }));
      else if (child.kind === 'delete') node.children.set(parts[i], (child = { kind: 'dir', clear: true, children: new Map() }));
      else if (child.kind === 'write') throw conflict(repo, p, `${parts.slice(0, i + 1).join('/')} is written as a file in the same commit`);
      node = child;
    }
    const last = parts[parts.length - 1];
    if (node.children.has(last)) throw conflict(repo, p, 'a folder and a file at the same path in one commit');
    node.children.set(last, leaf);
  }
  return root;
}

export async function buildTree(src: TreeSource, base: string | null, changes: Map<string, Leaf>, repo: string): Promise<BuiltTree> {
  const out: BuiltTree = { root: EMPTY_TREE, trees: [], written: new Map(), deleted: new Map() };

  async function listFiles(sha: string, prefix: string): Promise<void> {
    for (const e of await src.tree(sha)) {
      if (isTreeMode(e.mode)) await listFiles(e.sha, `${prefix}${e.name}/`);
      else out.deleted.set(prefix + e.name, true);
    }
  }

  async function build(sha: string | null, dir: Dir, prefix: string): Promise<string | null> {
    const base = sha && !dir.clear ? await src.tree(sha) : [];
    const map = new Map<string, TreeEntry>(base.map((e) => [e.name, e]));
    if (dir.clear && sha) await listFiles(sha, prefix);
    for (const [name, child] of dir.children) {
      const p = prefix + name;
      const existing = map.get(name);
      if (child.kind === 'delete') {
        if (existing && isTreeMode(existing.mode)) await listFiles(existing.sha, p + '/');
        out.deleted.set(p, existing !== undefined);
        map.delete(name);
      } else if (child.kind === 'write') {
        if (existing && isTreeMode(existing.mode)) throw conflict(repo, p, 'it is a folder in the parent commit; delete the folder in the same commit first');
        const mode = child.mode ?? (existing?.mode === '100755' ? '100755' : '100644');
        map.set(name, { mode, name, sha: child.sha });
        out.written.set(p, { mode, sha: child.sha, before: existing?.sha ?? null });
      } else {
        let subBase: string | null = null;
        if (existing && isTreeMode(existing.mode)) subBase = existing.sha;
        else if (existing && !child.clear) throw conflict(repo, p, 'it is a file in the parent commit; delete it in the same commit first');
        else if (existing) out.deleted.set(p, true);
        const sub = await build(subBase, child, p + '/');
        if (sub === null) map.delete(name);
        else map.set(name, { mode: '40000', name, sha: sub });
      }
    }
    if (map.size === 0) return null;
    const entries = [...map.values()];
    const obj = makeObject('tree', encodeTree(entries));
    if (obj.sha !== sha || dir.clear) {
      if (obj.sha !== sha) out.trees.push(obj);
      src.rememberTree(obj.sha, entries);
    }
    return obj.sha;
  }

  const root = await build(base, plan(changes, repo), '');
  if (root === null) {
    if (base !== EMPTY_TREE) out.trees.push(makeObject('tree', Buffer.alloc(0)));
    src.rememberTree(EMPTY_TREE, []);
  }
  out.root = root ?? EMPTY_TREE;
  return out;
}
