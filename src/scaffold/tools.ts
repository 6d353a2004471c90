// Tools and review points in a person's words → the runtime's tool names (pure). A tool answer
// that names nothing the runtime has is an error (an allowlist that silently lost an entry
// would be a different policy); a review point that names no tool becomes outcome labelling,
// the strictest reading, and is reported as such.

export const BUILTIN_TOOLS = ['read_file', 'list_files', 'search_files', 'write_file', 'apply_patch', 'recall', 'shell', 'http_fetch', 'ask_human'] as const;
export type BuiltinTool = (typeof BUILTIN_TOOLS)[number];
export const READ_TOOLS: BuiltinTool[] = ['read_file', 'list_files', 'search_files', 'recall'];
export const WRITE_TOOLS: BuiltinTool[] = ['write_file', 'apply_patch'];

/** Words a person may use, each mapped to the tools it means (checked in order; first match wins). */
const ALIASES: [RegExp, BuiltinTool[]][] = [
  [/^(read|reading|files?|file ?system|documents?|docs|read[ -]only)$/, ['read_file', 'list_files', 'search_files']],
  [/^(search|grep|find)$/, ['search_files']],
  [/^(write|writing|edit|editing|save|files? write|patch|patches)$/, ['write_file', 'apply_patch']],
  [/^(shell|terminal|bash|sh|commands?|code execution|execute|exec|run tests?|tests?|python)$/, ['shell']],
  [/^(web|internet|http|https|fetch|browse|browser|web search|api|apis|network|http ?requests?)$/, ['http_fetch']],
  [/^(memory|recall|knowledge base|kb)$/, ['recall']],
  [/^(ask|ask human|ask a person|questions?|human)$/, ['ask_human']],
];

export interface ToolResolution {
  tools: string[];
  unknown: string[];
}

/** Each answer → tool names; MCP names and globs (mcp__server__tool, mcp__files__*) pass through. */
export function resolveTools(answers: string[]): ToolResolution {
  const tools = new Set<string>();
  const unknown: string[] = [];
  for (const raw of answers) {
    const a = raw.trim().toLowerCase();
    if ((BUILTIN_TOOLS as readonly string[]).includes(a) || /^mcp__[a-z0-9_-]+__[a-z0-9_*?-]+$/.test(a)) {
      tools.add(a);
      continue;
    }
    const hit = ALIASES.find(([re]) => re.test(a.replace(/\s+/g, ' ')));
    if (hit) for (const t of hit[1]) tools.add(t);
    else unknown.push(raw);
  }
  return { tools: [...tools], unknown };
}

export const TOOL_WORDS = 'tool names (read_file, list_files, search_files, write_file, apply_patch, recall, shell, http_fetch, ask_human, mcp__server__tool) or words: read, search, write, shell, web, memory, ask';

export interface ReviewResolution {
  /** Tool names whose every call waits for a person. */
  tools: string[];
  /** Whether a person labels every result. */
  outcome: boolean;
  /** How each answer was read, for the generated README. */
  readings: { answer: string; means: string }[];
}

const REVIEW: [RegExp, string[] | 'outcome'][] = [
  [/\b(writ\w*|save\w*|record\w*|edit\w*|modif\w*|file|files|patch\w*|publish\w*|send\w*|sent|repl(y|ies)|submit\w*|e-?mail\w*|message\w*|post\w*)\b/, ['write_file', 'apply_patch']],
  [/\b(shell|command\w*|execut\w*|run\w*|deploy\w*|script\w*|install\w*)\b/, ['shell']],
  [/\b(web|fetch\w*|extern\w*|network|internet|api|http)\b/, ['http_fetch']],
  [/\b(outcome|result\w*|answer\w*|final|output\w*|every task|release|sign[- ]?off|approv\w*|diagnos\w*|decision\w*|recommend\w*)\b/, 'outcome'],
];

export function resolveReviewPoints(answers: string[]): ReviewResolution {
  const tools = new Set<string>();
  let outcome = false;
  const readings: ReviewResolution['readings'] = [];
  for (const answer of answers) {
    const a = answer.toLowerCase();
    const exact = resolveTools([answer]);
    const hits = exact.unknown.length === 0 ? [exact.tools] : REVIEW.filter(([re]) => re.test(a)).map(([, m]) => m);
    const means: string[] = [];
    for (const h of hits) {
      if (h === 'outcome') {
        outcome = true;
        means.push('a person labels every result');
      } else {
        for (const t of h) tools.add(t);
        means.push(`every ${h.join('/')} call waits for approval`);
      }
    }
    if (hits.length === 0) {
      outcome = true;
      means.push('names no tool: read as "a person labels every result" (the strictest reading)');
    }
    readings.push({ answer, means: [...new Set(means)].join('; ') });
  }
  return { tools: [...tools], outcome, readings };
}
