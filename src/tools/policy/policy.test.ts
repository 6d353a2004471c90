import test from 'node:test';
import assert from 'node:assert/strict';
import { parseAgentsYaml } from '../../config/index.ts';
import { globToRegExp, hostAllowed, matchesGlob } from './globs.ts';
import { fileDecision, needsApproval, resolvePolicy, toolDecision, type ToolMeta } from './policy.ts';

const SHELL: ToolMeta = { name: 'shell', tier: 'sandboxed', effect: 'exec' };
const READ: ToolMeta = { name: 'read_file', tier: 'builtin', effect: 'read' };
const WRITE: ToolMeta = { name: 'write_file', tier: 'builtin', effect: 'write' };
const FETCH: ToolMeta = { name: 'http_fetch', tier: 'builtin', effect: 'network' };
const mcp = (name: string, a: { annotated: boolean; readOnly: boolean; destructive: boolean }): ToolMeta => ({ name, tier: 'mcp', effect: a.readOnly ? 'read' : 'write', mcp: a });

function agent(yaml: string) {
  const { agents, warnings } = parseAgentsYaml(`agents:\n  - name: a\n    persona: p\n${yaml.replace(/^/gm, '    ')}\n`);
  assert.deepEqual(warnings, []);
  return resolvePolicy(agents[0]);
}

test('globs: * stays within a segment, ** crosses them, **/ also matches nothing', () => {
  assert.ok(matchesGlob('src/a.ts', 'src/*.ts'));
  assert.ok(!matchesGlob('src/x/a.ts', 'src/*.ts'));
  assert.ok(matchesGlob('src/x/a.ts', 'src/**'));
  assert.ok(matchesGlob('a.ts', '**/*.ts'));
  assert.ok(matchesGlob('x/y/a.ts', '**/*.ts'));
  assert.ok(matchesGlob('mcp__files__write_file', 'mcp__files__*'));
  assert.ok(!matchesGlob('a.tsx', '*.ts'));
  assert.equal(globToRegExp('a.b').test('aXb'), false, 'dots are literal');
});

test('hosts: exact names, and *.domain for subdomains only', () => {
  assert.ok(hostAllowed('api.github.com', ['api.github.com']));
  assert.ok(hostAllowed('API.GitHub.com.', ['api.github.com']));
  assert.ok(!hostAllowed('evil-api.github.com', ['api.github.com']));
  assert.ok(hostAllowed('a.example.org', ['*.example.org']));
  assert.ok(!hostAllowed('example.org', ['*.example.org']));
  assert.ok(!hostAllowed('badexample.org', ['*.example.org']));
});

test('defaults: a semi-autonomous medium-risk agent gets every built-in; shell runs without asking, network asks', () => {
  const p = agent('network: { allow: [api.github.com] }');
  for (const t of [SHELL, READ, WRITE, FETCH]) assert.equal(toolDecision(p, t).allowed, true, t.name);
  assert.equal(needsApproval(p, SHELL), false);
  assert.equal(needsApproval(p, WRITE), false);
  assert.equal(needsApproval(p, FETCH), true);
  assert.equal(needsApproval(p, READ), false);
});

test('http_fetch is not offered without hosts in network.allow', () => {
  const d = toolDecision(agent(''), FETCH);
  assert.equal(d.allowed, false);
  assert.match(d.reason, /network\.allow/);
});

test('an assistant asks before every write, command and network call; never for reads', () => {
  const p = agent('autonomy_level: assistant\nnetwork: { allow: [x.org] }');
  assert.deepEqual([READ, WRITE, SHELL, FETCH].map((t) => needsApproval(p, t)), [false, true, true, true]);
});

test('critical risk: every write waits for a person, even for an autonomous agent; auto_approve is the deliberate way out', () => {
  assert.equal(needsApproval(agent('risk_level: critical\nautonomy_level: autonomous'), WRITE), true);
  assert.equal(needsApproval(agent('risk_level: high\nautonomy_level: autonomous'), WRITE), false);
  assert.equal(needsApproval(agent('risk_level: critical\nautonomy_level: autonomous'), READ), false);
  assert.equal(needsApproval(agent('risk_level: critical\nauto_approve: [write_file]'), WRITE), false);
});

test('high risk gates the shell; critical risk forbids shell and http_fetch unless tools_allowed names them', () => {
  assert.equal(needsApproval(agent('risk_level: high'), SHELL), true);
  const critical = agent('risk_level: critical\nnetwork: { allow: [x.org] }');
  assert.equal(toolDecision(critical, SHELL).allowed, false);
  assert.equal(toolDecision(critical, FETCH).allowed, false);
  assert.equal(toolDecision(critical, READ).allowed, true);
  assert.equal(toolDecision(agent('risk_level: critical\ntools_allowed: [shell, read_file]'), SHELL).allowed, true);
  assert.ok(critical.limits.shellTimeoutS < agent('').limits.shellTimeoutS, 'tighter limits at critical risk');
});

test('an autonomous low-risk agent fetches without asking', () => {
  assert.equal(needsApproval(agent('autonomy_level: autonomous\nrisk_level: low\nnetwork: { allow: [x.org] }'), FETCH), false);
});

test('tools_forbidden wins over tools_allowed; tools_allowed is the whole list', () => {
  const p = agent('tools_allowed: [read_file, shell]\ntools_forbidden: [shell]');
  assert.equal(toolDecision(p, READ).allowed, true);
  assert.equal(toolDecision(p, SHELL).allowed, false);
  assert.equal(toolDecision(p, WRITE).allowed, false);
  assert.match(toolDecision(p, WRITE).reason, /tools_allowed/);
});

test('MCP: destructive and unannotated tools ask, read-only ones do not; auto_approve and human_review_points override', () => {
  const p = agent('');
  const ro = mcp('mcp__fs__read', { annotated: true, readOnly: true, destructive: false });
  const destructive = mcp('mcp__fs__write', { annotated: true, readOnly: false, destructive: true });
  const silent = mcp('mcp__x__thing', { annotated: false, readOnly: false, destructive: true });
  assert.deepEqual([ro, destructive, silent].map((t) => needsApproval(p, t)), [false, true, true]);
  const widened = agent('auto_approve: ["mcp__fs__*"]\nhuman_review_points: [read_file, outcome]');
  assert.equal(needsApproval(widened, destructive), false);
  assert.equal(needsApproval(widened, READ), true);
  assert.equal(widened.labelOutcomes, true);
  assert.equal(toolDecision(agent('risk_level: critical'), destructive).allowed, false, 'critical risk does not offer state-changing MCP tools');
});

test('ask_human always waits for a person, even under auto_approve', () => {
  assert.equal(needsApproval(agent('auto_approve: ["*"]'), { name: 'ask_human', tier: 'builtin', effect: 'ask' }), true);
});

test('file patterns: deny wins, read and write bound the file tools', () => {
  const p = agent('files: { read: ["**"], write: ["src/**", "notes/*.md"], deny: ["secrets/**", "**/*.key"] }');
  assert.equal(fileDecision(p, 'src/a/b.ts', 'write').allowed, true);
  assert.equal(fileDecision(p, 'notes/x.md', 'write').allowed, true);
  assert.equal(fileDecision(p, 'README.md', 'write').allowed, false);
  assert.equal(fileDecision(p, 'README.md', 'read').allowed, true);
  assert.equal(fileDecision(p, 'secrets/db.txt', 'read').allowed, false);
  assert.equal(fileDecision(p, 'src/id.key', 'write').allowed, false);
});

test('limits and approval_ttl come from agents.yaml; bad values are located errors', () => {
  const p = agent('limits: { shell_timeout_s: 5, processes: 16, tool_calls: 3 }\napproval_ttl: 10m');
  assert.equal(p.limits.shellTimeoutS, 5);
  assert.equal(p.limits.processes, 16);
  assert.equal(p.limits.toolCalls, 3);
  assert.equal(p.approvalTtlMs, 600_000);
  assert.throws(() => parseAgentsYaml('agents:\n  - name: a\n    persona: p\n    limits: { processes: 0 }\n'), /agents\.yaml:4:\d+: agents\.0\.limits\.processes/);
  assert.throws(() => parseAgentsYaml('agents:\n  - name: a\n    persona: p\n    network: { allow: ["http://x.org/"] }\n'), /host name/);
  assert.throws(() => parseAgentsYaml('agents:\n  - name: a\n    persona: p\n    mcp_servers: [{ name: x }]\n'), /exactly one of "command"/);
});
