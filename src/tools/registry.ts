// The tool registry: tool definitions from three tiers — built-in (in-process, confined
// to the workspace), sandboxed (commands under bubblewrap), MCP (tools of the agent's
// MCP servers) — turned into the AI SDK ToolSet of one task under the agent's policy.
// For each tool the policy decides whether it is offered; an offered tool gets a signed
// capability token, and every call presents it (counted, expiring, revocable); calls the
// policy gates carry `needsApproval`, so the act loop pauses for a person; results reach
// the model as untrusted data; every call leaves a record with its arguments redacted.
import { asSchema, tool, type FlexibleSchema, type ToolSet } from 'ai';
import { redactText } from '../telemetry/index.ts';
import { isToolErrorResult, toErrorResult, ToolError, type ToolErrorResult } from './errors.ts';
import type { CapabilityAuthority, CapabilityClaims } from './policy/capability.ts';
import { CapabilityError } from './policy/capability.ts';
import { needsApproval, toolDecision, type Policy, type ToolMeta } from './policy/policy.ts';
import { resultBytes, type ToolCallRecord } from './record.ts';
import { wrapUntrusted } from './untrusted.ts';

export interface CallEnv {
  claims: CapabilityClaims;
  signal?: AbortSignal;
}

export interface ToolDef {
  meta: ToolMeta;
  description: string;
  inputSchema: FlexibleSchema<unknown>;
  /** Runs one call; throws ToolError to refuse. Absent for tools a person answers (ask_human). */
  run?: (input: never, env: CallEnv) => Promise<unknown>;
  /** Where a result comes from, for the untrusted-data label, e.g. "read_file notes/a.md". */
  source: (input: never) => string;
}

export interface SessionSpec {
  policy: Policy;
  authority: CapabilityAuthority;
  defs: ToolDef[];
  /** The task the tokens are issued for ('' for an operator's one-off call). */
  task: string;
  /** Token lifetime: the act loop's wall-time budget plus approval time. */
  ttlMs: number;
  onCall?: (record: ToolCallRecord) => void;
  /** How a call that needed approval got it (by tool call id), for its record. */
  approvalOf?: (toolCallId: string) => string | undefined;
}

export interface ToolSession {
  tools: ToolSet;
  offered: ToolMeta[];
  refused: { name: string; reason: string }[];
  /** Token of each offered tool, by name. */
  tokens: Map<string, string>;
  /** Input schema of each offered tool, by name. */
  schemas: Map<string, FlexibleSchema<unknown>>;
  /** Revokes every token of the session (the task is over). */
  revokeAll(): void;
}

const ARGS_CLIP = 300;

export function clipArgs(input: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(input) ?? '';
  } catch {
    s = String(input);
  }
  s = redactText(s);
  return s.length > ARGS_CLIP ? `${s.slice(0, ARGS_CLIP)}…` : s;
}

export function buildSession(spec: SessionSpec): ToolSession {
  const { policy, authority } = spec;
  const tools: ToolSet = {};
  const offered: ToolMeta[] = [];
  const refused: ToolSession['refused'] = [];
  const tokens = new Map<string, string>();
  const schemas = new Map<string, FlexibleSchema<unknown>>();
  for (const def of spec.defs) {
    const name = def.meta.name;
    const d = toolDecision(policy, def.meta);
    if (!d.allowed) {
      refused.push({ name, reason: d.reason });
      continue;
    }
    const gated = needsApproval(policy, def.meta);
    const token = authority.issue({
      agent: policy.agent, tool: name, task: spec.task,
      perms: { read: policy.files.read, write: policy.files.write, deny: policy.files.deny, hosts: def.meta.effect === 'network' ? policy.hosts : [], approval: gated },
      limits: { calls: policy.limits.toolCalls },
      ttlMs: spec.ttlMs,
    });
    tokens.set(name, token);
    schemas.set(name, def.inputSchema);
    offered.push(def.meta);
    const run = def.run;
    tools[name] = tool({
      description: def.description,
      inputSchema: def.inputSchema,
      ...(gated && run && { needsApproval: true }),
      ...(run && {
        execute: async (input: unknown, options: { abortSignal?: AbortSignal; toolCallId?: string }) => {
          const start = performance.now();
          let value: unknown;
          try {
            const claims = authority.use(token, policy.agent, name);
            value = await run(input as never, { claims, signal: options?.abortSignal });
          } catch (e) {
            value = e instanceof CapabilityError ? { error: e.message, code: 'CAPABILITY' } : toErrorResult(e);
          }
          emit(spec, name, input, start, value, options?.toolCallId ? spec.approvalOf?.(options.toolCallId) : undefined);
          return value;
        },
      }),
      toModelOutput: ({ input, output }: { input: unknown; output: unknown }) => wrapUntrusted(def.source(input as never), output),
    } as Parameters<typeof tool>[0]) as ToolSet[string];
  }
  return {
    tools, offered, refused, tokens, schemas,
    revokeAll: () => {
      for (const t of tokens.values()) {
        const id = JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString('utf8')).id as string;
        authority.revoke(id);
      }
    },
  };
}

function emit(spec: SessionSpec, name: string, input: unknown, start: number, value: unknown, approval: string | undefined): void {
  if (!spec.onCall) return;
  const failed = isToolErrorResult(value);
  const rec: ToolCallRecord = { name, agent: spec.policy.agent, ms: Math.round(performance.now() - start), ok: !failed, bytes: failed ? 0 : resultBytes(value), args: clipArgs(input) };
  if (approval) rec.approval = approval;
  if (failed) rec.error = String((value as ToolErrorResult).code ?? 'ERROR');
  const exit = (value as { exit_code?: unknown } | null)?.exit_code;
  if (exit === null || typeof exit === 'number') {
    rec.exit = exit;
    if (exit !== 0) rec.ok = false;
  }
  try {
    spec.onCall(rec);
  } catch {
    // a broken recorder must not fail the call
  }
}

/** Runs one tool outside a model loop (the `agentos tool` command): same policy, token, sandbox. */
export async function callOnce(session: ToolSession, name: string, input: unknown): Promise<unknown> {
  const t = session.tools[name];
  if (!t) {
    const why = session.refused.find((r) => r.name === name)?.reason ?? `no tool named '${name}' (offered: ${session.offered.map((m) => m.name).join(', ') || 'none'})`;
    throw new ToolError('POLICY_DENIED', why);
  }
  if (typeof t.execute !== 'function') throw new ToolError('POLICY_DENIED', `'${name}' is answered by a person, not run`);
  const check = await asSchema(session.schemas.get(name)!).validate?.(input);
  if (check && !check.success) throw new ToolError('INVALID_ARGS', `invalid arguments for '${name}': ${check.error.message}`);
  return t.execute((check?.success ? check.value : input) as never, { toolCallId: 'operator', messages: [] } as never);
}
