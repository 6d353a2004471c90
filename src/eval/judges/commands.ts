// Judges that run a command in the agent's workspace, sandboxed exactly like `verify:`:
// command (any), tests, lint and typecheck (a given command, else the project's usual tool,
// found by looking at the workspace), security (a secret and pattern scan of the workspace,
// plus the answer). Exit 0 passes, unless the output reports failures; a command that timed
// out, could not start, or found no tool to run is a judge error, never a pass.
import type { VerifyResult } from '../../learn/index.ts';
import type { JudgeSpec } from '../../store/index.ts';
import { parseTestCounts } from './parse-counts.ts';
import { verdict, type JudgeEnv, type JudgeFn, type Verdict } from './types.ts';

/** A sniffing script prints this and exits 3 when the workspace has no tool for the judge. */
export const NO_TOOL = 'agentos-judge: no tool found';

const sniff = (what: string, branches: [test: string, run: string][]) =>
  [...branches.map(([test, run], i) => `${i ? 'elif' : 'if'} ${test}; then ${run}`), `else echo "${NO_TOOL} for ${what}"; exit 3; fi`].join('\n');

const has = (bin: string) => `command -v ${bin} >/dev/null 2>&1`;
const pyFiles = '[ -n "$(find . -name node_modules -prune -o -name "*.py" -print -quit)" ]';

export const DEFAULT_COMMANDS = {
  tests: sniff('tests (package.json, pytest, go.mod, Cargo.toml, a Makefile test target)', [
    ['[ -f package.json ]', 'npm test --silent'],
    [`${pyFiles} && python3 -c "import pytest" 2>/dev/null`, 'python3 -m pytest -q'],
    [pyFiles, 'python3 -m unittest discover -v'],
    ['[ -f go.mod ]', 'go test ./...'],
    ['[ -f Cargo.toml ]', 'cargo test'],
    ['[ -f Makefile ] && grep -q "^test:" Makefile', 'make test'],
  ]),
  lint: sniff('lint (eslint, ruff, flake8, shellcheck)', [
    ['[ -x node_modules/.bin/eslint ]', 'node_modules/.bin/eslint .'],
    [`${pyFiles} && ${has('ruff')}`, 'ruff check .'],
    [`${pyFiles} && ${has('flake8')}`, 'flake8 .'],
    [`[ -n "$(find . -name "*.sh" -print -quit)" ] && ${has('shellcheck')}`, 'find . -name "*.sh" -exec shellcheck {} +'],
  ]),
  typecheck: sniff('typecheck (tsc with a tsconfig.json, mypy, pyright)', [
    ['[ -f tsconfig.json ] && [ -x node_modules/.bin/tsc ]', 'node_modules/.bin/tsc --noEmit'],
    [`${pyFiles} && ${has('mypy')}`, 'mypy .'],
    [`${pyFiles} && ${has('pyright')}`, 'pyright'],
  ]),
} as const;

/** Secret patterns (ERE and JavaScript alike); names, not matches, reach the evidence. */
export const SECRET_PATTERNS: [name: string, pattern: string][] = [
  ['aws-access-key', 'AKIA[0-9A-Z]{16}'],
  ['private-key', '-----BEGIN [A-Z ]*PRIVATE KEY-----'],
  ['github-token', 'gh[pousr]_[A-Za-z0-9]{36}'],
  ['api-key-sk', 'sk-[A-Za-z0-9_-]{20,}'],
  ['slack-token', 'xox[baprs]-[A-Za-z0-9-]{10,}'],
  ['assigned-secret', '(api[_-]?key|secret|password|passwd|token)["\']?[[:space:]]*[:=][[:space:]]*["\'][^"\' ]{8,}["\']'],
];

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One grep per pattern: prints "name: file" for each file that matches (never the match itself). */
export function securityScript(patterns: [string, string][]): string {
  const lines = patterns.map(([name, p]) =>
    `grep -rIlE --exclude-dir=.git --exclude-dir=node_modules -e ${shellQuote(p)} . 2>/dev/null | head -n 20 | sed ${shellQuote(`s|^\\./|${name}: |`)}`);
  return `{ ${lines.join('; ')}; } > /tmp/.agentos-scan; if [ -s /tmp/.agentos-scan ]; then cat /tmp/.agentos-scan; exit 1; fi; echo "no secret patterns in the workspace"`;
}

/** What a finished command says: exit status, runner counts, and why it could not judge. */
export function interpret(r: VerifyResult, timeoutMs: number): Verdict {
  const tail = lastLines(r.output);
  if (r.timedOut) return verdict('error', `timed out after ${Math.round(timeoutMs / 1000)} s (raise timeout_s): ${tail}`);
  if (r.exitCode === null) return verdict('error', `could not run: ${tail || 'no exit status'}`);
  if (r.output.includes(NO_TOOL)) return verdict('error', /agentos-judge: no tool found[^\n]*/.exec(r.output)![0]);
  if (r.exitCode === 126 || r.exitCode === 127) return verdict('error', `command not found or not executable (exit ${r.exitCode}): ${tail}`);
  const counts = parseTestCounts(r.output);
  const score = counts && counts.passed + counts.failed > 0 ? counts.passed / (counts.passed + counts.failed) : null;
  const tally = counts ? `${counts.passed} passed, ${counts.failed} failed; ` : '';
  if (r.exitCode !== 0) return verdict('fail', `${tally}exit ${r.exitCode}: ${tail}`, score ?? 0);
  if (counts && counts.failed > 0) return verdict('fail', `${tally}exit 0 but the output reports failures`, score);
  return verdict('pass', `${tally}exit 0${tail ? `: ${tail}` : ''}`, score ?? 1);
}

function lastLines(output: string, n = 2): string {
  return output.trim().split('\n').filter((l) => l.trim()).slice(-n).join(' | ').slice(-200);
}

async function runCommand(command: string, env: JudgeEnv): Promise<Verdict> {
  return interpret(await env.run(command, env.timeoutMs), env.timeoutMs);
}

export const commandJudge: JudgeFn<Extract<JudgeSpec, { kind: 'command' }>> = (spec, env) => runCommand(spec.run, env);

export const toolJudge: JudgeFn<Extract<JudgeSpec, { kind: 'tests' | 'lint' | 'typecheck' }>> = (spec, env) =>
  runCommand(spec.run ?? DEFAULT_COMMANDS[spec.kind], env);

export const securityJudge: JudgeFn<Extract<JudgeSpec, { kind: 'security' }>> = async (spec, env) => {
  const patterns: [string, string][] = [...SECRET_PATTERNS, ...(spec.patterns ?? []).map((p, i): [string, string] => [`pattern-${i + 1}`, p])];
  const inAnswer = patterns.filter(([, p]) => new RegExp(p.replace(/\[\[:space:\]\]/g, '\\s'), 'i').test(env.report.response)).map(([n]) => n);
  const ws = interpret(await env.run(securityScript(patterns), env.timeoutMs), env.timeoutMs);
  if (ws.status === 'error') return ws;
  if (inAnswer.length) return verdict('fail', `the answer matches ${inAnswer.join(', ')}${ws.status === 'fail' ? `; workspace: ${ws.evidence}` : ''}`, 0);
  return ws.status === 'fail' ? verdict('fail', `workspace: ${ws.evidence.replace(/^exit 1: /, '')}`, 0) : verdict('pass', 'no secret patterns in the workspace or the answer', 1);
};
