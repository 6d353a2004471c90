// git's formats as this writer reads and writes them, checked against git 2.39 itself:
// object ids, tree order, packs and their indexes, deltas, the index file, safe text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyDelta } from './delta.ts';
import { parseIndex, serializeIndex, updateIndex, ZERO_STAT } from './index-format.ts';
import { encodeTree, hashObject, makeObject, type TreeEntry } from './objects.ts';
import { ObjectReader } from './object-reader.ts';
import { buildPack, PackIdx } from './pack-format.ts';
import { cleanCommitMessage, gitSafeText } from './safe-text.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'git-index');

function repo(t: { after: (fn: () => void) => void }): { dir: string; git: (args: string[], input?: string | Buffer) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-gwf-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const git = (args: string[], input?: string | Buffer) => execFileSync('git', args, { cwd: dir, input, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  git(['init', '-q', '-b', 'main']);
  return { dir, git };
}

test('object ids and tree order match git (hash-object, mktree)', (t) => {
  const r = repo(t);
  for (const body of [Buffer.alloc(0), Buffer.from('hello\n'), Buffer.from([0, 255, 10, 13, 0])]) {
    assert.equal(hashObject('blob', body), r.git(['hash-object', '-w', '--stdin'], body).trim());
  }
  const blob = hashObject('blob', Buffer.from('hello\n'));
  const sub = r.git(['mktree'], `100644 blob ${blob}\tx\n`).trim();
  const entries: TreeEntry[] = [
    { mode: '100644', name: 'a-b', sha: blob },
    { mode: '40000', name: 'a', sha: sub },
    { mode: '100644', name: 'a.b', sha: blob },
    { mode: '100755', name: 'a0', sha: blob },
    { mode: '120000', name: 'link', sha: blob },
    { mode: '100644', name: Buffer.from('ü.md').toString('latin1'), sha: blob },
  ];
  const mk = entries.map((e) => `${e.mode.padStart(6, '0')} ${e.mode === '40000' ? 'tree' : 'blob'} ${e.sha}\t${Buffer.from(e.name, 'latin1').toString('utf8')}`).join('\n') + '\n';
  assert.equal(hashObject('tree', encodeTree(entries)), r.git(['mktree'], mk).trim());
});

test('a built pack passes verify-pack and its .idx is byte-identical to git index-pack', (t) => {
  const r = repo(t);
  const objects = [makeObject('blob', Buffer.from('one')), makeObject('blob', Buffer.alloc(70_000, 7)), makeObject('tree', Buffer.alloc(0))];
  const built = buildPack(objects);
  const file = path.join(r.dir, 'test.pack');
  fs.writeFileSync(file, built.pack);
  r.git(['index-pack', file]);
  assert.deepEqual(fs.readFileSync(path.join(r.dir, 'test.idx')), built.idx);
  assert.match(r.git(['verify-pack', '-v', path.join(r.dir, 'test.idx')]), /test\.pack: ok/);
  const idx = new PackIdx(built.idx, 'test.idx');
  assert.equal(idx.count, 3);
  for (const o of objects) assert.ok(idx.find(o.sha) >= 12);
  assert.equal(idx.find('0'.repeat(40)), -1);
});

test('every object of a gc --aggressive pack (deep deltas) reads back with its own id', { timeout: 60_000 }, (t) => {
  const r = repo(t);
  const lines = Array.from({ length: 300 }, (_, i) => `line ${i} of a file that changes a little each commit\n`);
  for (let c = 0; c < 40; c++) {
    lines[(c * 7) % lines.length] = `changed in commit ${c}\n`;
    fs.writeFileSync(path.join(r.dir, 'big.md'), lines.join(''));
    fs.mkdirSync(path.join(r.dir, `d${c % 4}`), { recursive: true });
    fs.writeFileSync(path.join(r.dir, `d${c % 4}`, 'f.md'), `v${c}`);
    r.git(['add', '-A']);
    r.git(['-c', 'user.name=p', '-c', 'user.email=p@x', 'commit', '-q', '-m', `c${c}`]);
  }
  r.git(['gc', '-q', '--aggressive', '--prune=now']);
  const packDir = path.join(r.dir, '.git', 'objects', 'pack');
  const idxFile = fs.readdirSync(packDir).find((n) => n.endsWith('.idx'))!;
  const listed = r.git(['verify-pack', '-v', path.join(packDir, idxFile)]).split('\n').filter((l) => /^[0-9a-f]{40} /.test(l));
  assert.ok(listed.some((l) => / \d+ [0-9a-f]{40}$/.test(l)), 'the pack holds deltas');
  const idx = new PackIdx(fs.readFileSync(path.join(packDir, idxFile)), idxFile);
  const reader = new ObjectReader(path.join(r.dir, '.git', 'objects'));
  return (async () => {
    for (const l of listed) {
      const [sha, , , , offset] = l.split(/\s+/);
      assert.equal(idx.find(sha), Number(offset), sha);
      const o = await reader.read(sha);
      assert.equal(hashObject(o.type, o.body), sha);
    }
  })();
});

test('applyDelta rebuilds copies and inserts, and refuses malformed deltas', () => {
  const base = Buffer.from('0123456789abcdef');
  // src 16, dst 7: copy 4 bytes from offset 2, insert "xyz".
  const delta = Buffer.from([16, 7, 0x80 | 0x01 | 0x10, 2, 4, 3, ...Buffer.from('xyz')]);
  assert.equal(applyDelta(base, delta).toString(), '2345xyz');
  assert.throws(() => applyDelta(Buffer.from('short'), delta), /base is 5 bytes/);
  assert.throws(() => applyDelta(base, Buffer.from([16, 7, 0])), /reserved opcode/);
  assert.throws(() => applyDelta(base, Buffer.from([16, 9, 0x80 | 0x01 | 0x10, 2, 4])), /produced 4 bytes/);
});

test('the index: git 2.39 fixtures read, v2 writes back byte for byte, v4 is left to git', () => {
  const v2 = fs.readFileSync(path.join(FIXTURES, 'v2-tree.index'));
  const p2 = parseIndex(v2);
  assert.ok(p2.ok);
  assert.deepEqual(p2.index.entries.map((e) => [e.path, e.mode.toString(8)]), [['a.md', '100644'], ['dir/b.md', '100644'], ['dir/sub/c.md', '100644'], ['run.sh', '100755']]);
  assert.deepEqual(p2.index.extensions.map((x) => x.sig), ['TREE']);
  assert.deepEqual(serializeIndex(p2.index), v2);
  const p3 = parseIndex(fs.readFileSync(path.join(FIXTURES, 'v3-intent-to-add.index')));
  assert.ok(p3.ok);
  assert.equal(p3.index.version, 3);
  assert.ok(p3.index.entries.some((e) => e.path === 'dir/new.md'));
  const p4 = parseIndex(fs.readFileSync(path.join(FIXTURES, 'v4.index')));
  assert.deepEqual(p4, { ok: false, reason: 'index version 4 (this writer handles 2 and 3)' });
  const torn = Buffer.from(v2);
  torn[40] ^= 1;
  assert.deepEqual(parseIndex(torn), { ok: false, reason: 'index checksum mismatch' });
  assert.equal(parseIndex(v2.subarray(0, 20)).ok, false);
  // Replace one entry, remove a folder: sorted, TREE invalidated along the paths, checksum valid.
  const sha = 'a'.repeat(40);
  const next = updateIndex(p2.index, new Map([['dir/sub', null], ['a.md', { mode: 0o100644, sha, stat: ZERO_STAT }], ['dir/b.md/x', { mode: 0o100644, sha, stat: ZERO_STAT }]]));
  assert.deepEqual(next.entries.map((e) => e.path), ['a.md', 'dir/b.md/x', 'run.sh']);
  const back = parseIndex(serializeIndex(next));
  assert.ok(back.ok);
  const tree = back.index.extensions[0].data.toString('latin1');
  assert.match(tree, /^\0-1 \d+\n/, 'the root is invalid');
  assert.doesNotMatch(tree, /sub\0/, 'the removed folder has no node');
});

test('gitSafeText strips NUL and control characters but keeps text, tabs and newlines', () => {
  assert.equal(gitSafeText('a\0b\x07c\x1b[1md\u0085e\u007f'), 'abc[1mde');
  assert.equal(gitSafeText('line\r\nnext\rlast\ttab'), 'line\nnext\nlast\ttab');
  assert.equal(gitSafeText('日本語 ünï 🙂'), '日本語 ünï 🙂');
  assert.equal(gitSafeText('\ud800x'), '\ufffdx');
  assert.equal(cleanCommitMessage('\n\n subject  \n\n\n\nbody\t\n\0\n'), ' subject\n\nbody\n');
  assert.equal(cleanCommitMessage('\0\0 \n'), '');
});
