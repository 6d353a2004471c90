// Portable agents end to end, as a person runs them: export an agent with real history, import
// it into another data directory (and renamed), compare trees and logs, run it there; and every
// hostile archive refused with a clear error and nothing half-imported.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { create } from 'tar';
import { importAgent } from '../src/portable/index.ts';
import { startScriptedServer } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const FIXTURE = path.resolve(import.meta.dirname, '..', 'src', 'portable', 'fixtures', 'orion-v1.agentos.tar');

function agentos(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function agentosAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }, prefix = 'agentos-port-'): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

const YAML = `budgets: { rewards: 12 }
privacy: { redact: [email] }
agents:
  - name: orion
    persona: "Backend engineer. Terse."
    domain: "Backend engineering"
    models: { tiers: { balanced: { model: gpt-4o-mini, api_key_env: OPENAI_API_KEY } } }
    mcp_servers:
      - { name: search, url: "http://127.0.0.1:9/mcp", headers: { Authorization: "Bearer not-a-real-token-1234" } }
`;

const tree = (g: Git) => g.raw(['ls-tree', '-r', '--full-tree', 'HEAD']);
const log = (g: Git) => g.raw(['log', '--format=%H %an %ae %aI %s%n%b']);

test('export, import elsewhere and renamed: same trees, same logs; the imported agent runs and retrieves what it learned', { timeout: 120_000 }, async (t) => {
  const h = await startHarness({
    agentsYaml: YAML,
    script: (req) => report({ skill: { name: 'cursor pagination', description: 'Follow next_cursor until it is empty', body: 'Loop on next_cursor.' }, response: `done ${taskIdOf(req)}` }),
  });
  t.after(() => h.close());
  for (const id of ['one', 'two', 'three']) await h.runtime.enqueue('orion', { id, task: `Paginate the vendor API, part ${id}`, priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await h.runtime.drain();
  await h.runtime.stop();
  const src = new Git(path.join(h.dir, 'agents', 'orion'));
  assert.equal((await src.subjects()).length, 4);

  const out = await tempDir(t);
  const file = path.join(out, 'orion.agentos.tar');
  const ex = agentos(['export', 'orion', '-o', file, '--data', h.dir], { LLM_API_KEY: 'sk-live-not-in-history-123456' });
  assert.equal(ex.code, 0, ex.stderr);
  assert.match(ex.stdout, /exported orion: 4 commit\(s\)/);
  assert.match(ex.stderr, /left out mcp_servers\[0\]\.headers\.Authorization/);
  assert.doesNotMatch(readFileSync(file).toString('latin1'), /not-a-real-token/, 'the header value is not in the file');
  assert.equal(agentos(['export', 'orion', '-o', file, '--data', h.dir]).code, 8, 'an existing file is not replaced without --force');

  const b = await tempDir(t);
  const im = agentos(['import', file, '--data', b]);
  assert.equal(im.code, 0, im.stderr);
  assert.match(im.stderr, /mcp_servers\[0\]\.headers\.Authorization was left out at export/);
  assert.match(im.stderr, /the exporting data directory redacted email \(agents\.yaml privacy:\); this one does not/);
  const dst = new Git(path.join(b, 'agents', 'orion'));
  assert.equal(await tree(dst), await tree(src), 'same tree');
  assert.equal(await log(dst), await log(src), 'same commits: ids, authors, dates, messages');
  assert.equal(await dst.statusPorcelain(), '');
  const yaml = readFileSync(path.join(b, 'agents.yaml'), 'utf8');
  assert.match(yaml, /rewards: 12/, 'the top-level default it relied on came along');
  assert.match(yaml, /api_key_env: OPENAI_API_KEY/, 'key names stay');
  assert.doesNotMatch(yaml, /Bearer|headers/);

  const again = agentos(['import', file, '--data', b]);
  assert.equal(again.code, 8);
  assert.match(again.stderr, /already has an agent named "orion"; import under another name with --as NAME/);
  const renamed = agentos(['import', file, '--as', 'nova', '--data', b]);
  assert.equal(renamed.code, 0, renamed.stderr);
  assert.match(renamed.stdout, /imported nova \(exported as orion\)/);
  const nova = new Git(path.join(b, 'agents', 'nova'));
  assert.equal(await log(nova), await log(src));
  assert.equal(agentos(['import', file, '--as', '../evil', '--data', b]).code, 1);

  // The imported agent runs in its new home: its learned skill is retrieved into the next task's context.
  const server = await startScriptedServer({ format: 'openai', script: () => report({ skill: null }) });
  t.after(() => server.close());
  assert.equal(agentos(['enqueue', 'nova', 'Paginate the orders API with a cursor', '--id', 'four', '--data', b]).code, 0);
  const run = await agentosAsync(['run', '--once', '--no-http', '--data', b], { LLM_BASE_URL: server.url, LLM_MODEL: 'scripted' });
  assert.equal(run.code, 0, run.stderr);
  assert.equal((await nova.subjects())[0], 'orion(task): four'.replace('orion', 'nova'));
  assert.match(JSON.stringify(server.requests.at(-1)!.body), /cursor-pagination/);
});

test('an export whose history or entry holds a key from the environment is refused; nothing is written', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  writeFileSync(path.join(dir, 'agents.yaml'), 'agents:\n  - name: orion\n    persona: p\n');
  assert.equal(agentos(['init', dir]).code, 0);
  const ws = path.join(dir, 'agents', 'orion', 'workspace', 'notes.txt');
  writeFileSync(ws, 'the key is sk-live-0123456789abcdef\n');
  const git = new Git(path.join(dir, 'agents', 'orion'));
  await git.add(['workspace/notes.txt']);
  await git.commit('a person pasted a key');
  writeFileSync(ws, 'gone\n');
  await git.add(['workspace/notes.txt']);
  await git.commit('and removed it');
  const file = path.join(dir, 'x.tar');
  const r = agentos(['export', 'orion', '-o', file, '--data', dir], { LLM_API_KEY: 'sk-live-0123456789abcdef' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /commit [0-9a-f]{12} of "orion" holds a secret .* nothing was exported/);
  assert.doesNotMatch(r.stderr, /sk-live/);
  await assert.rejects(fsp.stat(file));
  assert.equal(agentos(['export', 'orion', '-o', file, '--data', dir]).code, 0, 'without that key in the environment there is nothing to hide');

  writeFileSync(path.join(dir, 'agents.yaml'), 'agents:\n  - name: orion\n    persona: p\n    mcp_servers: [{ name: s, command: /bin/true, args: ["--token", "tok-0123456789abcdef"] }]\n');
  const e = agentos(['export', 'orion', '-o', path.join(dir, 'y.tar'), '--data', dir], { GITHUB_TOKEN: 'tok-0123456789abcdef' });
  assert.equal(e.code, 1);
  assert.match(e.stderr, /agents\.yaml entry of "orion" holds a secret/);
});

/** A tar of the given files (written to a temp folder first; `links` become symbolic links). */
async function archive(dir: string, name: string, files: Record<string, string | Buffer>, links: Record<string, string> = {}): Promise<string> {
  const stage = await fsp.mkdtemp(path.join(dir, 'stage-'));
  for (const [f, content] of Object.entries(files)) await fsp.writeFile(path.join(stage, f), content);
  for (const [f, to] of Object.entries(links)) await fsp.symlink(to, path.join(stage, f));
  const out = path.join(dir, name);
  await create({ file: out, cwd: stage, portable: true }, [...Object.keys(files), ...Object.keys(links)]);
  return out;
}

/** The fixture's manifest and bundle, to tamper with. */
async function fixtureParts(dir: string): Promise<{ manifest: Record<string, any>; bundle: Buffer }> {
  const x = await fsp.mkdtemp(path.join(dir, 'x-'));
  spawnSync('tar', ['-xf', FIXTURE, '-C', x]);
  return { manifest: JSON.parse(readFileSync(path.join(x, 'manifest.json'), 'utf8')), bundle: readFileSync(path.join(x, 'agent.bundle')) };
}

async function bundleOf(repo: Git, dir: string, ...refs: string[]): Promise<{ bytes: Buffer; head: string; commits: number }> {
  const file = path.join(dir, `b-${Math.random().toString(16).slice(2)}.bundle`);
  await repo.run(['bundle', 'create', '-q', file, ...refs]);
  return { bytes: readFileSync(file), head: await repo.headSha(), commits: Number((await repo.raw(['rev-list', '--count', 'HEAD'])).trim()) };
}

const sha256 = async (b: Buffer) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');

test('hostile archives are refused with a clear error, and nothing is half-imported', { timeout: 120_000 }, async (t) => {
  const work = await tempDir(t);
  const target = path.join(work, 'data');
  await fsp.mkdir(target);
  const yaml = 'agents:\n  - name: lex\n    persona: "Lawyer."\n';
  writeFileSync(path.join(target, 'agents.yaml'), yaml);
  const { manifest, bundle } = await fixtureParts(work);
  const good = readFileSync(FIXTURE);
  const withManifest = async (m: Record<string, unknown>, b: Buffer = bundle) =>
    archive(work, `m-${Math.random().toString(16).slice(2)}.tar`, { 'manifest.json': JSON.stringify(m), 'agent.bundle': b });

  // A repository with a second branch, and one with a symbolic link.
  const repo = new Git(path.join(work, 'repo'));
  await repo.init();
  await fsp.writeFile(path.join(work, 'repo', 'persona.md'), '# x\n');
  await repo.add(['persona.md']);
  await repo.commit('init: agent filesystem');
  await repo.run(['branch', 'other']);
  const two = await bundleOf(repo, work, '--all');
  await fsp.symlink('/etc/passwd', path.join(work, 'repo', 'notes.md'));
  await repo.add(['notes.md']);
  await repo.commit('a link');
  const linked = await bundleOf(repo, work, 'refs/heads/main');
  const forBundle = async (b: { bytes: Buffer; head: string; commits: number }) =>
    withManifest({ ...manifest, head: b.head, commits: b.commits, bundle: { ...manifest.bundle, bytes: b.bytes.length, sha256: await sha256(b.bytes) } }, b.bytes);

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['random bytes', async () => (await fsp.writeFile(path.join(work, 'r.tar'), Buffer.alloc(5000, 7)), path.join(work, 'r.tar')), /not a readable export archive|no manifest\.json/],
    ['an empty file', async () => (await fsp.writeFile(path.join(work, 'e.tar'), ''), path.join(work, 'e.tar')), /not a readable export archive: TAR_BAD_ARCHIVE/],
    ['truncated in the bundle', async () => (await fsp.writeFile(path.join(work, 't.tar'), good.subarray(0, Math.floor(good.length * 0.6))), path.join(work, 't.tar')), /truncated|does not match its manifest/],
    ['a changed bundle', () => withManifest(manifest, Buffer.concat([bundle.subarray(0, -10), Buffer.alloc(10)])), /does not match its manifest .* truncated or was changed/],
    ['refs other than main', () => forBundle(two), /refs other than refs\/heads\/main \(refs\/heads\/other/],
    ['a symbolic link in the files', () => forBundle(linked), /symbolic link \(notes\.md\)/],
    ['a path as the agent name', () => withManifest({ ...manifest, agent: '../../etc', entry: { ...manifest.entry, name: '../../etc' } }), /agent: a lowercase agent name/],
    ['a huge manifest', () => archive(work, 'huge.tar', { 'manifest.json': ' '.repeat(2 * 1024 * 1024), 'agent.bundle': bundle }), /manifest\.json is \d+ bytes, over the 1048576-byte limit/],
    ['an extra file', () => archive(work, 'extra.tar', { 'manifest.json': JSON.stringify(manifest), 'agent.bundle': bundle, 'run-me.sh': 'rm -rf /' }), /unexpected entry "run-me\.sh"/],
    ['a linked manifest', () => archive(work, 'link.tar', { 'agent.bundle': bundle }, { 'manifest.json': '/etc/passwd' }), /unexpected SymbolicLink entry "manifest\.json"/],
    ['an entry that is not valid agents.yaml', () => withManifest({ ...manifest, entry: { name: 'orion', persona: 'p', max_steps: 'many' } }), /max_steps/],
    ['a newer format', () => withManifest({ ...manifest, version: 2 }), /newer AgentOS .* upgrade/],
  ];
  for (const [what, make, message] of cases) {
    const file = await make();
    await assert.rejects(importAgent({ dataDir: target, file }), (e: Error) => {
      assert.match(e.message, message, what);
      return true;
    }, what);
    assert.equal(readFileSync(path.join(target, 'agents.yaml'), 'utf8'), yaml, `${what}: agents.yaml untouched`);
    assert.deepEqual(await fsp.readdir(target).then((l) => l.filter((f) => f !== '.agentos' && f !== 'agents.yaml')), [], `${what}: no agent folder`);
    assert.deepEqual(await fsp.readdir(path.join(target, '.agentos', 'import')).catch(() => []), [], `${what}: no staging left`);
  }
  await assert.rejects(importAgent({ dataDir: target, file: FIXTURE, maxBundleBytes: 1000 }), /over the limit of 1000 \(raise it with --max-mb\)/);

  // A running runtime holds the data directory: import waits for nobody, it refuses (exit 4).
  writeFileSync(path.join(target, '.agentos', 'daemon.lock'), JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
  const busy = agentos(['import', FIXTURE, '--data', target]);
  assert.equal(busy.code, 4);
  assert.match(busy.stderr, new RegExp(`another agentos runtime \\(pid ${process.pid}\\) is running on .*; stop it first`));
  assert.equal(readFileSync(path.join(target, 'agents.yaml'), 'utf8'), yaml);
});
