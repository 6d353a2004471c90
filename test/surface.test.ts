// The public faces: each folder's index.ts exports exactly the names pinned in
// fixtures/surface.json, so growing or shrinking a surface is a reviewed change (regenerate with
// AGENTOS_UPDATE_SURFACE=1 npm test and commit the JSON with the change). Every exported error
// class is an AgentOsError with a code in the shared base.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AgentOsError } from '../src/errors.ts';

const SRC = path.join(import.meta.dirname, '..', 'src');
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'surface.json');
/** A folder's face stays small: more names than this is a sign it exports its insides. */
const MAX_NAMES = 40;

async function surfaces(): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const dir of readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const index = path.join(SRC, dir, 'index.ts');
    if (existsSync(index)) out[dir] = (await import(pathToFileURL(index).href)) as Record<string, unknown>;
  }
  return out;
}

test('each folder exports exactly its pinned names', async () => {
  const actual = Object.fromEntries(Object.entries(await surfaces()).map(([k, m]) => [k, Object.keys(m).sort()]));
  if (process.env.AGENTOS_UPDATE_SURFACE) writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
  const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string[]>;
  assert.deepEqual(actual, pinned, 'a public face changed: if deliberate, regenerate test/fixtures/surface.json (AGENTOS_UPDATE_SURFACE=1)');
  for (const [folder, names] of Object.entries(actual)) assert.ok(names.length <= MAX_NAMES, `${folder}/index.ts exports ${names.length} names (at most ${MAX_NAMES})`);
});

test('every exported error class is an AgentOsError', async () => {
  const offenders: string[] = [];
  for (const [folder, mod] of Object.entries(await surfaces())) {
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
      if (!Object.prototype.isPrototypeOf.call(AgentOsError.prototype, value.prototype)) offenders.push(`${folder}: ${name}`);
    }
  }
  assert.deepEqual(offenders, [], 'these exported errors do not extend AgentOsError (src/errors.ts)');
});

test('the brand works across module copies: isInstance, not instanceof', async () => {
  const copy = (await import(`${pathToFileURL(path.join(SRC, 'errors.ts')).href}?copy`)) as typeof import('../src/errors.ts');
  const foreign = new copy.AgentOsError('QUEUE_FULL', 'from another copy');
  assert.equal(foreign instanceof AgentOsError, false);
  assert.equal(AgentOsError.isInstance(foreign), true);
  assert.equal(AgentOsError.isInstance(new Error('plain')), false);
  assert.equal(AgentOsError.isInstance(null), false);
});

test("no source file imports past another folder's index.ts (the face is the only door)", () => {
  const offenders: string[] = [];
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walk(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const own = path.relative(SRC, file).split(path.sep)[0];
    for (const m of readFileSync(file, 'utf8').matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const parts = path.relative(SRC, path.resolve(path.dirname(file), m[1])).split(path.sep);
      if (parts.length < 2 || parts[0] === own) continue; // a root file (errors.ts) or the folder's own
      if (!(parts.length === 2 && parts[1] === 'index.ts')) offenders.push(`${path.relative(SRC, file)} → ${m[1]}`);
    }
  }
  assert.deepEqual(offenders, [], "import these through the folder's index.ts");
});
