// scaffold/: `agentos new` — seed 000's prompt template answered (interactively or from a file)
// and turned into a purpose-built runtime. Pure rules (answers → plan → files) apart from writing.
import type { Answers } from './answers.ts';
import { planRuntime, type Plan } from './plan.ts';
import { writeRuntime, type Written } from './write.ts';

export { parseAnswers, validateAnswers, ANSWER_KEYS, type Answers } from './answers.ts';
export { planRuntime, type Plan } from './plan.ts';
export { topFiles, type Written } from './write.ts';
export { askAnswers } from './prompt.ts';
export { ScaffoldError } from './errors.ts';

/** Plans the runtime for `answers` and writes it to `dir` (new or empty). */
export async function generateRuntime(dir: string, answers: Answers, now = new Date()): Promise<Written & { plan: Plan }> {
  const plan = planRuntime(answers);
  return { ...(await writeRuntime(dir, plan, now)), plan };
}
