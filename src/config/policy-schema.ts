// The tool policy fields of an agent in agents.yaml (seed 000's template: TOOLS_ALLOWED,
// TOOLS_FORBIDDEN, HUMAN_REVIEW_POINTS, plus file patterns, a network allowlist, limits
// and MCP servers). Every field is optional: tools/policy derives safe defaults from
// risk_level and autonomy_level, and these only narrow or widen what it derives.
import { z } from 'zod';

const text = z.string().trim().min(1);
/** A tool name or a glob over tool names, e.g. 'shell', 'mcp__files__*'. */
const toolPattern = z.string().regex(/^[A-Za-z0-9_*?-]{1,80}$/, 'a tool name or a glob over names (letters, digits, "_", "-", "*", "?")');
/** A host name or '*.'-prefixed domain, lowercase, no scheme, no port. */
const hostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'a host name like "api.github.com" or "*.example.org" (no scheme, no port, no path)');

export const ToolLimitsSchema = z
  .object({
    /** Tool calls per task (all tools together). */
    tool_calls: z.int().min(0).max(10_000),
    /** Model tokens (input + output) the act loop may spend before it must answer. */
    act_tokens: z.int().min(1_000).max(100_000_000),
    /** Wall time of the act loop before it must answer. */
    act_seconds: z.number().positive().max(86_400),
    shell_timeout_s: z.number().positive().max(3_600),
    cpu_s: z.int().min(1).max(86_400),
    memory_mb: z.int().min(16).max(1_048_576),
    processes: z.int().min(1).max(65_536),
    file_size_mb: z.int().min(1).max(1_048_576),
    disk_mb: z.int().min(1).max(10_485_760),
    output_kb: z.int().min(1).max(65_536),
    fetch_kb: z.int().min(1).max(1_048_576),
    fetch_timeout_s: z.number().positive().max(600),
  })
  .partial()
  .strict();

export const FilePatternsSchema = z
  .object({
    /** Globs (workspace-relative) the file tools may read; default everything. */
    read: z.array(text),
    /** Globs the file tools may write; default everything (git metadata is never writable). */
    write: z.array(text),
    /** Globs never read or written, whatever read/write say. */
    deny: z.array(text),
  })
  .partial()
  .strict();

export const NetworkPolicySchema = z
  .object({
    /** Hosts http_fetch may reach; empty (the default) means http_fetch is not offered. */
    allow: z.array(hostPattern),
  })
  .partial()
  .strict();

export const McpServerSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,30}$/, 'a short lowercase name (letters, digits, "-", "_")'),
    /** stdio: the command and its arguments. */
    command: text.optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    /** Streamable HTTP: the endpoint. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** stdio servers run in the agent's bubblewrap sandbox unless this is false. */
    sandbox: z.boolean().default(true),
    /** Host paths a sandboxed server may read (its program and packages), bound read-only at the same place. */
    read_only: z.array(z.string().startsWith('/', 'an absolute host path')).default([]),
    /** Only these tools of the server join the registry (globs over its own tool names). */
    tools: z.array(toolPattern).optional(),
    timeout_s: z.number().positive().max(3_600).default(60),
  })
  .strict()
  .refine((s) => (s.command === undefined) !== (s.url === undefined), { message: 'give exactly one of "command" (stdio) or "url" (Streamable HTTP)' });

/** Agent-level keys; merged into AgentSchema. */
export const ToolPolicyFields = {
  tools_allowed: z.array(toolPattern).optional(),
  tools_forbidden: z.array(toolPattern).optional(),
  files: FilePatternsSchema.optional(),
  network: NetworkPolicySchema.optional(),
  limits: ToolLimitsSchema.optional(),
  /** Tool names or globs whose every call waits for a person; 'outcome' asks a person to label each result. */
  human_review_points: z.array(toolPattern).optional(),
  /** Tool names or globs that never wait for a person (a deliberate widening). */
  auto_approve: z.array(toolPattern).optional(),
  /** How long a pending approval waits before it counts as denied: seconds or 90s/10m/2h/1d. */
  approval_ttl: z.union([z.number().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/, 'seconds or a duration like 90s, 10m, 2h, 1d')]).optional(),
  mcp_servers: z.array(McpServerSchema).optional(),
};

const ToolPolicyObject = z.object(ToolPolicyFields);
export type ToolPolicyInput = z.infer<typeof ToolPolicyObject>;
export type McpServerConfig = z.infer<typeof McpServerSchema>;
export type ToolLimitsInput = z.infer<typeof ToolLimitsSchema>;
