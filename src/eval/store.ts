// Eval runs in the shared repository: evals/<run-id>/results.json and summary.md, one commit
// per run (written under the shared-repo lock, so a running daemon's writers are not disturbed).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SharedRepo } from '../iac/index.ts';
import { bootstrapShared } from '../kernel/index.ts';
import { sharedPaths } from '../store/index.ts';
import { EvalError } from './errors.ts';
import { readResults, renderSummary, writeResults, type RunResults } from './results.ts';

export const EVALS_DIR = 'evals';

export async function storeRun(dataDir: string, r: RunResults): Promise<{ dir: string; commit: string | undefined }> {
  const rel = `${EVALS_DIR}/${r.run}`;
  await bootstrapShared(dataDir); // idempotent: a data directory no runtime has opened yet gets its shared/ repository
  const commit = await new SharedRepo(dataDir).transact(async () => ({
    message: `eval: ${r.run}\n\nsuite ${r.suite.name}, policy ${r.policy?.name ?? 'none'}, ${r.tasks.length} task runs, ${r.tasks.filter((t) => t.success).length} successes\n`,
    changes: [
      { op: 'write', path: `${rel}/results.json`, content: writeResults(r) },
      { op: 'write', path: `${rel}/summary.md`, content: renderSummary(r) },
    ],
  }));
  return { dir: path.join(sharedPaths(dataDir).root, rel), commit };
}

/** A run by id (under shared/evals/) or by the path of a results.json or its folder. */
export async function loadRun(dataDir: string, ref: string): Promise<RunResults> {
  const candidates = [ref, path.join(ref, 'results.json'), path.join(sharedPaths(dataDir).root, EVALS_DIR, ref, 'results.json')];
  const file = candidates.find((f) => f.endsWith('.json') && existsSync(f));
  if (!file) {
    const runs = await listRuns(dataDir);
    throw new EvalError('EVAL_NO_RUN', `no eval run "${ref}" (runs in ${path.join(sharedPaths(dataDir).root, EVALS_DIR)}: ${runs.slice(-5).join(', ') || 'none'}${runs.length > 5 ? ', …' : ''})`);
  }
  return readResults(await readFile(file, 'utf8'), file);
}

export async function listRuns(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(path.join(sharedPaths(dataDir).root, EVALS_DIR))).sort();
  } catch {
    return [];
  }
}
