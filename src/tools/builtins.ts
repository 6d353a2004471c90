// The built-in tier (in-process, confined to the workspace or the agent's own records)
// and the sandboxed tier (shell under bubblewrap), as registry definitions. File paths
// are checked against the policy's file patterns, as asked and as resolved.
import { z } from 'zod';
import { joinSegments, splitRelative } from './confine.ts';
import { ToolError } from './errors.ts';
import { applyPatchTool, PATCH_CAP } from './apply-patch.ts';
import { httpFetchTool } from './http-fetch.ts';
import { LIST_CAP, listFilesTool } from './list-files.ts';
import { matchesAny } from './policy/globs.ts';
import { fileDecision, type Policy } from './policy/policy.ts';
import { READ_CAP, readFileTool } from './read-file.ts';
import { recallTool } from './recall.ts';
import type { ToolDef } from './registry.ts';
import { searchFilesTool, SEARCH_MAX_MATCHES } from './search-files.ts';
import { shellTool } from './shell.ts';
import { resolveReal, workspaceRoot } from './workspace-fs.ts';
import { WRITE_CAP, writeFileTool } from './write-file.ts';

export interface BuiltinEnv {
  workspace: string;
  /** The agent's repository root (recall reads skills/ and world/ there). */
  agentRoot: string;
  policy: Policy;
  /** Test-only: http_fetch may reach loopback (never from agents.yaml). */
  allowLoopbackFetch?: boolean;
  /** Extra host paths the sandbox may read (e.g. a language runtime). */
  sandboxReadOnly?: string[];
}

const pathField = z.string().describe("a path relative to the workspace, e.g. 'notes/plan.md'; no absolute paths, no '..'");

/** Throws unless the policy lets the file tools read or write `p`, as asked and as resolved through symlinks. */
export async function checkFile(env: BuiltinEnv, p: unknown, mode: 'read' | 'write'): Promise<void> {
  const segs = splitRelative(p);
  const asked = joinSegments(segs);
  const verdicts = [fileDecision(env.policy, asked, mode)];
  try {
    const root = await workspaceRoot(env.workspace);
    const real = joinSegments(await resolveReal(root, segs, asked));
    if (real !== asked) verdicts.push(fileDecision(env.policy, real, mode));
  } catch {
    // the tool itself reports escapes and missing paths
  }
  const no = verdicts.find((v) => !v.allowed);
  if (no) throw new ToolError('POLICY_DENIED', no.reason);
}

export function builtinDefs(env: BuiltinEnv): ToolDef[] {
  const { workspace, policy } = env;
  const visible = (p: string) => fileDecision(policy, p, 'read').allowed;
  // list_files hides what files.deny names; read patterns bound reads of file contents.
  const defs: ToolDef[] = [
    {
      meta: { name: 'read_file', tier: 'builtin', effect: 'read' },
      description: `Read a UTF-8 text file from your workspace. Returns at most ${READ_CAP / 1024} KiB; 'truncated' says when there is more.`,
      inputSchema: z.object({ path: pathField }),
      run: async (i: { path: string }) => (await checkFile(env, i.path, 'read'), readFileTool(workspace, i)),
      source: (i: { path: string }) => `read_file ${i.path}`,
    },
    {
      meta: { name: 'write_file', tier: 'builtin', effect: 'write' },
      description: `Create or replace a text file in your workspace (parent directories are created). At most ${WRITE_CAP / 1024 / 1024} MiB. Files under .git and .gitmodules cannot be written.`,
      inputSchema: z.object({ path: pathField, content: z.string().describe('the complete new content of the file') }),
      run: async (i: { path: string; content: string }) => (await checkFile(env, i.path, 'write'), writeFileTool(workspace, i)),
      source: (i: { path: string }) => `write_file ${i.path}`,
    },
    {
      meta: { name: 'list_files', tier: 'builtin', effect: 'read' },
      description: `List the entries of a directory in your workspace (default: the workspace root), at most ${LIST_CAP}. Set recursive to include subdirectories.`,
      inputSchema: z.object({
        path: pathField.optional().describe("a directory relative to the workspace; default '.'"),
        recursive: z.boolean().optional().describe('include the contents of subdirectories (default false)'),
      }),
      run: async (i: { path?: string; recursive?: boolean }) => {
        checkDir(policy, i.path);
        const r = await listFilesTool(workspace, i);
        return { ...r, entries: r.entries.filter((e) => !deniedPath(policy, e.path)) };
      },
      source: (i: { path?: string }) => `list_files ${i.path ?? '.'}`,
    },
    {
      meta: { name: 'search_files', tier: 'builtin', effect: 'read' },
      description: `Find lines in workspace text files containing a string (or matching a regular expression with regex: true). At most ${SEARCH_MAX_MATCHES} matches; skips .git, node_modules and binary files.`,
      inputSchema: z.object({
        pattern: z.string().describe('the text to find (or a JavaScript regular expression when regex is true)'),
        regex: z.boolean().optional(),
        ignore_case: z.boolean().optional(),
        path: pathField.optional().describe("a directory to search; default '.'"),
        glob: z.string().optional().describe("only files whose path matches, e.g. '**/*.ts'"),
      }),
      run: async (i: { pattern: string; path?: string }) => (checkDir(policy, i.path), searchFilesTool(workspace, i, visible)),
      source: (i: { pattern: string }) => `search_files ${JSON.stringify(i.pattern).slice(0, 60)}`,
    },
    {
      meta: { name: 'apply_patch', tier: 'builtin', effect: 'write' },
      description: `Apply a unified diff (--- a/path, +++ b/path, @@ hunks; --- /dev/null creates, +++ /dev/null deletes) to workspace files. All or nothing: if any hunk does not match, nothing changes. At most ${PATCH_CAP / 1024} KiB.`,
      inputSchema: z.object({ patch: z.string().describe('the unified diff') }),
      run: async (i: { patch: string }) => {
        return applyPatchTool(workspace, i, (p) => {
          const d = fileDecision(policy, joinSegments(splitRelative(p)), 'write');
          if (!d.allowed) throw new ToolError('POLICY_DENIED', d.reason);
        });
      },
      source: () => 'apply_patch',
    },
    {
      meta: { name: 'recall', tier: 'builtin', effect: 'read' },
      description: 'Search your own earned skills (skills/) and world model (world/) by the words of a query, or read one record whole by its path.',
      inputSchema: z.object({
        query: z.string().optional().describe('words to look for'),
        path: z.string().optional().describe("a record to read, e.g. 'skills/retry-with-backoff/SKILL.md'"),
      }),
      run: (i: { query?: string; path?: string }) => recallTool(env.agentRoot, i),
      source: (i: { query?: string; path?: string }) => `recall ${i.path ?? JSON.stringify(i.query ?? '')}`,
    },
    {
      meta: { name: 'http_fetch', tier: 'builtin', effect: 'network' },
      description: `GET a URL on an allowed host (${policy.hosts.join(', ') || 'none'}). Public addresses only; at most ${policy.limits.fetchKb} KiB, ${policy.limits.fetchTimeoutS} s.`,
      inputSchema: z.object({ url: z.string().describe('an http or https URL'), method: z.enum(['GET', 'HEAD']).optional() }),
      run: (i: { url: string; method?: 'GET' | 'HEAD' }, call) =>
        httpFetchTool(i, {
          hosts: call.claims.perms.hosts, maxBytes: policy.limits.fetchKb * 1024, timeoutMs: policy.limits.fetchTimeoutS * 1000,
          allowLoopback: env.allowLoopbackFetch, signal: call.signal,
        }),
      source: (i: { url: string }) => `http_fetch ${i.url}`,
    },
    {
      meta: { name: 'shell', tier: 'sandboxed', effect: 'exec' },
      description: `Run a /bin/sh command in a sandbox: cwd is your workspace (writable), the rest of the system read-only, no network, at most ${policy.limits.shellTimeoutS} s, ${policy.limits.processes} processes, ${policy.limits.memoryMb} MiB address space; output capped at ${policy.limits.outputKb} KiB per stream. Nothing it starts outlives it.`,
      inputSchema: z.object({
        command: z.string().describe('the shell command'),
        cwd: z.string().optional().describe('a directory below the workspace to run in'),
        timeout_s: z.number().positive().optional().describe(`at most ${policy.limits.shellTimeoutS}`),
      }),
      run: (i: { command: string; cwd?: string; timeout_s?: number }, call) => shellTool(workspace, policy.limits, i, call.signal, env.sandboxReadOnly),
      source: (i: { command: string }) => `shell ${JSON.stringify(i.command).slice(0, 80)}`,
    },
    {
      meta: { name: 'ask_human', tier: 'builtin', effect: 'ask' },
      description: 'Ask a person and wait for the answer: choose one of several options, or provide context you cannot find yourself. The task pauses until someone answers.',
      inputSchema: z.object({
        question: z.string().min(1).describe('what you need to know, self-contained'),
        options: z.array(z.string().min(1)).max(10).optional().describe('when the person should choose one of these'),
      }),
      source: () => 'a person (ask_human)',
    },
  ];
  return defs;
}

/** A path files.deny names, or a directory it names the contents of ('secrets' for 'secrets/**'). */
function deniedPath(policy: Policy, p: string): boolean {
  return matchesAny(p, policy.files.deny) || matchesAny(`${p}/`, policy.files.deny);
}

/** A directory to list or search: refused only when files.deny names it (files.read filters what is shown). */
function checkDir(policy: Policy, p: string | undefined): void {
  const shown = joinSegments(splitRelative(p ?? '.'));
  if (shown !== '.' && deniedPath(policy, shown)) throw new ToolError('POLICY_DENIED', `'${shown}' matches files.deny of agent ${policy.agent}`);
}
