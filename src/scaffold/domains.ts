// Domain profiles (seed 000's "purpose-built filesystem layout"): which workspace folders a
// domain needs, which of them the agent may write (enforced by the files: policy), where each
// task's result goes and how it is checked (a verify: command run in the sandbox), which
// memory kinds it keeps, and its typical failure modes. Picked by words in the domain and
// purpose; anything else gets the general profile.

export interface Folder {
  path: string;
  /** What it is for, written into the folder's README.md. */
  purpose: string;
  /** The agent's file tools may write here (files.write); every other folder is read-only to it. */
  writable: boolean;
}

export interface DomainProfile {
  id: 'research' | 'compliance' | 'support' | 'coding' | 'legal' | 'medical' | 'general';
  label: string;
  keywords: RegExp;
  folders: Folder[];
  /** The folder each task's result is written to, as `<output>/<task-id>.md`. */
  output: string;
  /** What every result must hold, said to the agent in the task and checked by `verify`. */
  resultRule: string;
  /** A shell check over the result file (`$F`), run in the sandbox with the workspace as its root. */
  check: string;
  /** Tools when the answers name none (read tools are always offered). */
  defaultTools: string[];
  memory: { kind: string; why: string }[];
  failureModes: string[];
  /** Risk never below this, whatever was answered (seed 000: human review gates for sensitive domains). */
  riskFloor?: 'high';
}

export const PROFILES: DomainProfile[] = [
  {
    id: 'compliance', label: 'compliance', keywords: /\b(complian\w*|audit\w*|regulat\w*|gdpr|sox|hipaa|pci|iso ?27001|policy|policies|controls?|aml|kyc)\b/i,
    folders: [
      { path: 'policies', purpose: 'The policies and regulations to check against.', writable: false },
      { path: 'evidence', purpose: 'Evidence under review: exports, logs, screenshots, reports.', writable: false },
      { path: 'audit', purpose: 'Findings, one file per task, each citing the policy and the evidence.', writable: true },
    ],
    output: 'audit', resultRule: 'one "## Finding" section per finding, each with an "Evidence:" line naming a file under policies/ or evidence/',
    check: `grep -q '^## Finding' "$F" && grep -Eq '^Evidence: .*(policies|evidence)/' "$F"`,
    defaultTools: ['write_file'],
    memory: [
      { kind: 'verified facts (world model, confirmed only with evidence)', why: 'a control either holds or not; claims need task evidence before they are believed' },
      { kind: 'procedures (skills)', why: 'how each control is tested is reusable once it passed its check' },
      { kind: 'audit trail (git history)', why: 'every finding is a commit an auditor can read, diff and date' },
    ],
    failureModes: ['citing a policy clause that does not exist (hallucinated entity)', 'marking a control as passed without evidence', 'reading an outdated policy version', 'over-generalising one exception to a whole control family'],
  },
  {
    id: 'legal', label: 'legal', keywords: /\b(legal|law\w*|contract\w*|clause\w*|nda|litigation|counsel)\b/i,
    folders: [
      { path: 'clauses', purpose: 'The approved clause library.', writable: false },
      { path: 'contracts', purpose: 'Contracts to review.', writable: false },
      { path: 'reviews', purpose: 'Reviews, one file per task, each citing the clause it compares against.', writable: true },
    ],
    output: 'reviews', resultRule: 'a "Clause:" line naming a file under clauses/ for every deviation it reports',
    check: `test -s "$F" && grep -Eq '^Clause: .*clauses/' "$F"`,
    defaultTools: ['write_file'],
    memory: [
      { kind: 'templates (skills)', why: 'review patterns repeat across contracts' },
      { kind: 'clause relations (world model)', why: 'which deviations raise which risks, with evidence' },
    ],
    failureModes: ['inventing clause numbers', 'missing a deviation buried in a definitions section', 'giving legal advice beyond the review scope'],
  },
  {
    id: 'medical', label: 'medical', keywords: /\b(medic\w*|clinic\w*|health\w*|patient\w*|diagnos\w*|pharma\w*|nurs\w*)\b/i, riskFloor: 'high',
    folders: [
      { path: 'guidelines', purpose: 'Clinical guidelines and references.', writable: false },
      { path: 'approvals', purpose: 'Drafts waiting for a clinician, one file per task; a person approves each.', writable: true },
    ],
    output: 'approvals', resultRule: 'a "Reference:" line naming a file under guidelines/ and the line "Status: draft, needs clinician approval"',
    check: `grep -Eq '^Reference: .*guidelines/' "$F" && grep -q '^Status: draft, needs clinician approval' "$F"`,
    defaultTools: ['write_file'],
    memory: [{ kind: 'procedures (skills)', why: 'drafting formats that passed review' }, { kind: 'no free world-model learning', why: 'clinical facts come from guidelines, not from the agent\'s own conclusions' }],
    failureModes: ['stating a diagnosis instead of drafting for a clinician', 'citing a guideline that was not provided', 'dosage errors'],
  },
  {
    id: 'support', label: 'customer support', keywords: /\b(support|customer\w*|helpdesk|help desk|ticket\w*|service desk|cx)\b/i,
    folders: [
      { path: 'kb', purpose: 'Knowledge base articles the replies may draw on.', writable: false },
      { path: 'cases', purpose: 'Case files, one per customer case.', writable: false },
      { path: 'replies', purpose: 'Draft replies, one file per task.', writable: true },
    ],
    output: 'replies', resultRule: 'a "KB:" line naming the kb/ article it relies on, and no e-mail address or phone number of the customer',
    check: `test -s "$F" && grep -Eq '^KB: .*kb/' "$F" && ! grep -Eq '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}|\\+[0-9][0-9 ().-]{7,}' "$F"`,
    defaultTools: ['write_file'],
    memory: [
      { kind: 'cases (reward log and reflections)', why: 'what worked on similar cases, without keeping the customer\'s data' },
      { kind: 'procedures (skills)', why: 'reply patterns that passed their check' },
    ],
    failureModes: ['promising refunds or terms the policy does not allow', 'leaking one customer\'s data into another reply', 'confidently answering from a stale KB article'],
  },
  {
    id: 'research', label: 'research', keywords: /\b(research\w*|literature|papers?|stud(y|ies)|analys\w*|market|science|scientific|survey\w*|investigat\w*)\b/i,
    folders: [
      { path: 'sources', purpose: 'Source material: papers, articles, datasets, fetched pages.', writable: false },
      { path: 'notes', purpose: 'Working notes the agent keeps between steps.', writable: true },
      { path: 'reports', purpose: 'Reports, one file per task, every claim cited.', writable: true },
    ],
    output: 'reports', resultRule: 'a "Source:" line (a file under sources/ or a URL) for every claim',
    check: `test -s "$F" && grep -Eq '^Source: (sources/|https?://)' "$F"`,
    defaultTools: ['write_file', 'http_fetch'],
    memory: [
      { kind: 'hypotheses and verified facts (world model)', why: 'findings start as hypotheses and are confirmed only by repeated, cited evidence' },
      { kind: 'procedures (skills)', why: 'search and synthesis methods that produced cited reports' },
      { kind: 'sources (workspace, in git)', why: 'every cited source stays next to the report that cites it' },
    ],
    failureModes: ['citing a source that says something else (or does not exist)', 'over-generalising from one or two papers', 'stale sources presented as current'],
  },
  {
    id: 'coding', label: 'software engineering', keywords: /\b(cod(e|ing)|software|engineer\w*|develop\w*|program\w*|bugs?|refactor\w*|devops|backend|frontend)\b/i,
    folders: [
      { path: 'repos', purpose: 'Code the agent works on.', writable: true },
      { path: 'changes', purpose: 'A change note per task: what changed and how it was tested.', writable: true },
    ],
    output: 'changes', resultRule: 'a "Tested:" line saying which command checked the change',
    check: `test -s "$F" && grep -q '^Tested: ' "$F"`,
    defaultTools: ['write_file', 'apply_patch', 'shell'],
    memory: [{ kind: 'procedures (skills)', why: 'fixes and patterns that passed tests' }, { kind: 'world model', why: 'how the codebase\'s parts relate, confirmed by tests' }],
    failureModes: ['a change that passes the check but breaks untested behaviour', 'editing files outside the task', 'dependency installs that need the network'],
  },
  {
    id: 'general', label: 'general', keywords: /$^/,
    folders: [
      { path: 'inputs', purpose: 'Material to work from.', writable: false },
      { path: 'outputs', purpose: 'Results, one file per task.', writable: true },
    ],
    output: 'outputs', resultRule: 'the result itself, non-empty',
    check: 'test -s "$F"',
    defaultTools: ['write_file'],
    memory: [{ kind: 'procedures (skills)', why: 'methods that passed their check' }],
    failureModes: ['vague results that pass a non-empty check but help nobody', 'scope creep beyond the purpose'],
  },
];

/** The first profile whose words appear in the domain, then in the purpose; else general. */
export function profileFor(domain: string, purpose: string): DomainProfile {
  for (const text of [domain, purpose]) {
    const hit = PROFILES.find((p) => p.keywords.test(text));
    if (hit) return hit;
  }
  return PROFILES.find((p) => p.id === 'general')!;
}
