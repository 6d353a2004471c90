// The index's TREE extension (cached tree ids per folder): mark folders along changed paths
// invalid and drop the nodes of paths that changed, so git never trusts a stale count or id. Pure.

interface Node {
  name: string;
  count: number;
  sha: Buffer | null;
  children: Node[];
}

function parseNode(buf: Buffer, pos: { p: number }): Node {
  const nul = buf.indexOf(0, pos.p);
  const nl = buf.indexOf(0x0a, nul);
  if (nul < 0 || nl < 0) throw new Error('malformed TREE extension');
  const name = buf.toString('latin1', pos.p, nul);
  const [count, sub] = buf.toString('latin1', nul + 1, nl).split(' ').map(Number);
  pos.p = nl + 1;
  let sha: Buffer | null = null;
  if (count >= 0) {
    sha = buf.subarray(pos.p, pos.p + 20);
    pos.p += 20;
  }
  const children: Node[] = [];
  for (let i = 0; i < sub; i++) children.push(parseNode(buf, pos));
  return { name, count, sha, children };
}

function writeNode(n: Node, out: Buffer[]): void {
  out.push(Buffer.from(`${n.name}\0${n.count} ${n.children.length}\n`, 'latin1'));
  if (n.count >= 0 && n.sha) out.push(n.sha);
  for (const c of n.children) writeNode(c, out);
}

/** The TREE extension data with every folder on `paths` invalidated and the paths' own nodes removed. */
export function invalidateCacheTree(data: Buffer, paths: string[]): Buffer {
  let root: Node;
  try {
    root = parseNode(data, { p: 0 });
  } catch {
    // Unreadable: an empty, invalid root tells git to rebuild the whole cache.
    return Buffer.from('\0-1 0\n', 'latin1');
  }
  for (const p of paths) {
    const parts = p.split('/');
    let node: Node | undefined = root;
    for (let i = 0; node && i < parts.length; i++) {
      node.count = -1;
      node.sha = null;
      const idx: number = node.children.findIndex((c) => c.name === parts[i]);
      if (idx < 0) break;
      if (i === parts.length - 1) node.children.splice(idx, 1);
      else node = node.children[idx];
    }
  }
  const out: Buffer[] = [];
  writeNode(root, out);
  return Buffer.concat(out);
}
