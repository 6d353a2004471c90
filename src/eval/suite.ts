// The eval suite format (version 1): tasks with judges and the outcome each is expected to
// have, run in order. Read through located-yaml.ts, so a problem names file:line:column.
//
//   version: 1
//   name: basic                         # letters, digits, ".", "_", "-"
//   agent: orion                        # default agent of the tasks (else the first in agents.yaml)
//   defaults: { judges: [...], tags: [...], priority: normal }   # merged into every task
//   tasks:
//     - id: hello                       # unique in the suite
//       task: Write hello to answer.txt
//       agent: orion                    # optional
//       judges: [{ kind: command, run: "grep -q hello answer.txt" }]
//       verify: "test -f answer.txt"    # optional, as in queue.md
//       tags: [files]
//       expect: success                 # success (default) | failure: what a correct runtime should see
//       files: { "input.csv": "a,b\n" } # written into the scratch workspace before the run
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AGENT_NAME_RE, JudgeSpecs, TASK_ID_RE, type JudgeSpec } from '../store/index.ts';
import { EvalError } from './errors.ts';
import { parseLocated } from './located-yaml.ts';

export const SUITE_VERSION = 1;
/** Tasks in one suite, and the bytes of the files one task may place in the workspace. */
export const MAX_SUITE_TASKS = 500;
export const MAX_TASK_FILES_BYTES = 256 * 1024;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1-64 letters, digits, ".", "_" or "-"');
const agent = z.string().regex(AGENT_NAME_RE, 'an agent name of agents.yaml');
const relPath = z.string().min(1).max(200).refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.split('/').includes('.git'), 'a relative path inside the workspace (no "..", no .git)');

const SuiteTask = z.strictObject({
  id: z.string().regex(TASK_ID_RE, 'letters, digits, ".", "_" or "-", starting with a letter or digit').max(80),
  task: z.string().trim().min(1).max(65_536),
  agent: agent.optional(),
  judges: JudgeSpecs.optional(),
  verify: z.string().trim().min(1).max(4096).optional(),
  tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  priority: z.enum(['high', 'normal', 'low']).optional(),
  expect: z.enum(['success', 'failure']).default('success'),
  files: z.record(relPath, z.string()).optional()
    .refine((f) => !f || Object.values(f).reduce((n, s) => n + Buffer.byteLength(s), 0) <= MAX_TASK_FILES_BYTES, `files: at most ${MAX_TASK_FILES_BYTES / 1024} KiB per task`),
});

export const SuiteSchema = z.strictObject({
  version: z.literal(SUITE_VERSION, { error: `version: 1 (this AgentOS reads suite version ${SUITE_VERSION})` }),
  name,
  description: z.string().max(2000).optional(),
  agent: agent.optional(),
  defaults: z.strictObject({ judges: JudgeSpecs.optional(), tags: z.array(z.string().min(1).max(40)).max(20).optional(), priority: z.enum(['high', 'normal', 'low']).optional() }).optional(),
  tasks: z.array(SuiteTask).min(1, 'at least one task').max(MAX_SUITE_TASKS, `at most ${MAX_SUITE_TASKS} tasks`),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.tasks.forEach((t, i) => {
    if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'id'], message: `duplicate task id "${t.id}"` });
    seen.add(t.id);
  });
});

export interface SuiteTaskSpec {
  id: string;
  task: string;
  agent?: string;
  judges: JudgeSpec[];
  verify?: string;
  tags?: string[];
  priority: 'high' | 'normal' | 'low';
  expect: 'success' | 'failure';
  files?: Record<string, string>;
}

export interface Suite {
  name: string;
  description?: string;
  agent?: string;
  tasks: SuiteTaskSpec[];
  /** Where it was read from. */
  file: string;
}

export function parseSuite(source: string, file: string): Suite {
  checkVersion(source, file, 'suite', SUITE_VERSION);
  const s = parseLocated(source, file, SuiteSchema, 'suite');
  const d = s.defaults ?? {};
  const tasks = s.tasks.map((t): SuiteTaskSpec => ({
    id: t.id, task: t.task, judges: [...(d.judges ?? []), ...(t.judges ?? [])], priority: t.priority ?? d.priority ?? 'normal', expect: t.expect,
    ...(t.agent && { agent: t.agent }), ...(t.verify && { verify: t.verify }), ...((t.tags ?? d.tags) && { tags: [...(d.tags ?? []), ...(t.tags ?? [])] }),
    ...(t.files && { files: t.files }),
  }));
  return { name: s.name, ...(s.description && { description: s.description }), ...(s.agent && { agent: s.agent }), tasks, file };
}

export async function loadSuite(file: string): Promise<Suite> {
  return parseSuite(await readInput(file, 'suite'), file);
}

export async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new EvalError('EVAL_INPUT', `cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A newer version is refused before the schema runs, with what to do. */
export function checkVersion(source: string, file: string, what: string, current: number): void {
  const m = /^version:\s*(\d+)\s*$/m.exec(source);
  if (m && Number(m[1]) > current) throw new EvalError('EVAL_INPUT', `${file}: ${what} version ${m[1]} is from a newer AgentOS (this one reads version ${current}); upgrade AgentOS`);
}
