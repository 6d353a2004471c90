// One agent's tool runtime, as the kernel's ActPort: its policy, its three tool tiers,
// capability tokens per task, the sandboxed verify command, and pausing and resuming
// tasks that wait for a person (approvals/).
import path from 'node:path';
import type { ModelMessage } from 'ai';
import type { AgentConfig } from '../config/index.ts';
import type { ActPort, ActSession, CallKind, ForkSession, ResumePoint, ToolCallNote } from '../kernel/index.ts';
import type { VerifyResult } from '../learn/index.ts';
import type { PendingAction, Usage } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';
import { ApprovalStore, CHECKPOINT_VERSION, decisionNote, newRequestId, resumeMessages, type ApprovalRequest, type Decision } from './approvals/index.ts';
import { builtinDefs } from './builtins.ts';
import type { McpHub } from './mcp/index.ts';
import type { CapabilityAuthority } from './policy/capability.ts';
import { isIdempotent, needsApproval, resolvePolicy, toolDecision, type Policy } from './policy/policy.ts';
import type { ToolCallRecord } from './record.ts';
import { recordLine } from './record-lines.ts';
import { buildSession, callOnce, clipArgs, type ToolDef, type ToolSession } from './registry.ts';
import { runSandboxed, SandboxUnavailableError } from './sandbox/index.ts';
import { sandboxLimits } from './shell.ts';
import { TOOL_INSTRUCTIONS } from './untrusted.ts';

export interface AgentToolsOptions {
  dataDir: string;
  authority: CapabilityAuthority;
  store: ApprovalStore;
  hub: McpHub;
  allowLoopbackFetch?: boolean;
  sandboxReadOnly?: string[];
  now?: () => Date;
  onProblem?: (message: string) => void;
}

interface Carried {
  records: ToolCallRecord[];
  notes: Map<string, string>;
}

const VERIFY_OUTPUT_CAP = 8 * 1024;

export class AgentTools implements ActPort {
  readonly config: AgentConfig;
  readonly policy: Policy;
  readonly workspace: string;
  readonly agentRoot: string;
  readonly #o: AgentToolsOptions;
  readonly #carried = new Map<string, Carried>();
  readonly #records = new WeakMap<ActSession, ToolCallRecord[]>();

  constructor(config: AgentConfig, o: AgentToolsOptions) {
    this.config = config;
    this.policy = resolvePolicy(config);
    this.agentRoot = path.join(path.resolve(o.dataDir), 'agents', config.name);
    this.workspace = path.join(this.agentRoot, 'workspace');
    this.#o = o;
  }

  #now(): Date {
    return this.#o.now?.() ?? new Date();
  }

  /** The tools with `workspace` as their root (a fork: then without MCP tools, whose servers work on the real workspace). */
  async defs(workspace = this.workspace): Promise<ToolDef[]> {
    const builtins = builtinDefs({ workspace, agentRoot: this.agentRoot, policy: this.policy, allowLoopbackFetch: this.#o.allowLoopbackFetch, sandboxReadOnly: this.#o.sandboxReadOnly });
    if (workspace !== this.workspace) return builtins;
    const mcp = await this.#o.hub.defs();
    for (const p of mcp.problems) this.#o.onProblem?.(p);
    return [...builtins, ...mcp.defs];
  }

  async session(task: string, onCall?: (r: ToolCallRecord) => void, notes?: Map<string, string>, workspace?: string): Promise<ToolSession> {
    return buildSession({
      policy: this.policy, authority: this.#o.authority, defs: await this.defs(workspace), task, onCall,
      // Tokens outlive the act loop's budget by the approval time to live: a resumed task gets new ones anyway.
      ttlMs: this.policy.limits.actSeconds * 1000 + 60_000,
      approvalOf: notes ? (id) => notes.get(id) : undefined,
    });
  }

  async open(task: QueueTask, resume?: ResumePoint, onToolCall?: (call: ToolCallNote) => void): Promise<ActSession> {
    // A step checkpoint carries its records; an approval resume, what ready() set aside.
    const carried = resume?.records ? { records: resume.records, notes: this.#carried.get(task.id)?.notes ?? new Map<string, string>() } : resume ? this.#carried.get(task.id) : undefined;
    return this.#openSession(task, carried, onToolCall);
  }

  async openFork(task: QueueTask, workspace: string, onToolCall?: (call: ToolCallNote) => void): Promise<ForkSession> {
    // A task resumed in the fork it paused in carries its records and the person's decisions.
    const session = await this.#openSession(task, this.#carried.get(task.id), onToolCall, workspace);
    return Object.assign(session, { verify: (command: string, timeoutMs: number) => this.#verifyIn(workspace, command, timeoutMs) });
  }

  /** A session over the agent's tools (in `workspace`, a fork, when given) that keeps its call records. */
  async #openSession(task: QueueTask, carried: Carried | undefined, onToolCall?: (call: ToolCallNote) => void, workspace?: string): Promise<ActSession> {
    this.#carried.delete(task.id);
    const records: ToolCallRecord[] = [...(carried?.records ?? [])];
    const s = await this.session(task.id, (r) => {
      records.push(r);
      onToolCall?.({ tool: r.name, ok: r.ok, ms: r.ms, ...(r.error !== undefined && { error: r.error }) });
    }, carried?.notes, workspace);
    const act: ActSession = {
      tools: s.tools,
      instructions: TOOL_INSTRUCTIONS,
      limits: { maxTokens: this.policy.limits.actTokens, maxMs: this.policy.limits.actSeconds * 1000 },
      recordLines: () => records.map(recordLine),
      records: () => [...records],
      close: () => s.revokeAll(),
    };
    this.#records.set(act, records);
    return act;
  }

  verify(command: string, timeoutMs: number): Promise<VerifyResult> {
    return this.#verifyIn(this.workspace, command, timeoutMs);
  }

  async #verifyIn(workspace: string, command: string, timeoutMs: number): Promise<VerifyResult> {
    try {
      const r = await runSandboxed({
        workspace, argv: ['/bin/sh', '-c', command], limits: sandboxLimits(this.policy.limits), timeoutMs,
        outputCap: VERIFY_OUTPUT_CAP, diskQuota: this.policy.limits.diskMb * 1024 * 1024, readOnly: this.#o.sandboxReadOnly,
      });
      const output = [r.stdout, r.stderr].filter(Boolean).join('\n').slice(0, VERIFY_OUTPUT_CAP);
      return { command, exitCode: r.exitCode, passed: r.exitCode === 0 && !r.killed, output, timedOut: r.killed === 'timeout' };
    } catch (e) {
      if (!(e instanceof SandboxUnavailableError)) throw e;
      // Fail closed: an unsandboxed verify would run what the agent wrote on the host.
      return { command, exitCode: null, passed: false, output: `verify not run: ${e.message}`, timedOut: false };
    }
  }

  async pause(task: QueueTask, session: ActSession | undefined, p: { system: string; messages: ModelMessage[]; pending: PendingAction[]; usage: Usage; records?: ToolCallRecord[] }): Promise<string[]> {
    const now = this.#now();
    const expires = new Date(now.getTime() + this.policy.approvalTtlMs).toISOString();
    // A paused loop asks approve, choose or context (supervise requests are the watchdog's, never in a checkpoint).
    const requests = p.pending.map((a): ApprovalRequest & { kind: 'approve' | 'choose' | 'context' } => {
      const base = { id: newRequestId(), agent: this.config.name, task: task.id, toolCallId: a.toolCallId, created: now.toISOString(), expires };
      if (a.kind === 'approval') return { ...base, kind: 'approve' as const, tool: a.toolName, args: clipArgs(a.input), approvalId: a.approvalId, ...(a.note && { question: a.note }) };
      const q = (a.input ?? {}) as { question?: unknown; options?: unknown };
      const options = Array.isArray(q.options) ? q.options.map(String) : undefined;
      return { ...base, kind: options?.length ? ('choose' as const) : ('context' as const), tool: a.toolName, question: String(q.question ?? ''), ...(options?.length && { options }) };
    });
    await this.#o.store.saveCheckpoint({
      version: CHECKPOINT_VERSION, agent: this.config.name, task: task.id, created: now.toISOString(), updated: now.toISOString(), phase: 'paused',
      system: p.system, messages: p.messages, requests, records: (session && this.#records.get(session)) ?? p.records ?? [], usage: p.usage, steps: 0, seq: 0, exchanges: 0,
    });
    return requests.map((r) => r.id);
  }

  async pausedTasks(): Promise<Set<string>> {
    const store = this.#o.store;
    return new Set([...(await store.checkpoints(this.config.name)).map((c) => c.task), ...store.heldTasks(this.config.name)]);
  }

  async ready(): Promise<ResumePoint[]> {
    const store = this.#o.store;
    await store.expire(this.config.name, this.#now());
    const out: ResumePoint[] = [];
    for (const cp of await store.checkpoints(this.config.name)) {
      const decisions = new Map<string, Decision>();
      for (const r of cp.requests) {
        const d = await store.decision(this.config.name, r.id);
        if (d) decisions.set(r.id, d);
      }
      if (decisions.size < cp.requests.length) continue;
      const notes = new Map<string, string>();
      const records = [...cp.records];
      for (const r of cp.requests) {
        const note = `${r.kind === 'approve' ? '' : `${r.kind}: `}${decisionNote(decisions.get(r.id)!)}`;
        if (r.kind === 'approve' && decisions.get(r.id)!.decision === 'approved') notes.set(r.toolCallId!, note);
        else records.push({ name: r.tool ?? 'ask_human', agent: this.config.name, ms: 0, ok: decisions.get(r.id)!.decision === 'approved', bytes: 0, args: r.args ?? clipArgs({ question: r.question }), approval: note });
      }
      this.#carried.set(cp.task, { records, notes });
      out.push({ task: cp.task, system: cp.system, messages: resumeMessages(cp, decisions), usage: cp.usage });
    }
    return out;
  }

  async finished(task: QueueTask, commit: string): Promise<void> {
    await this.#o.store.removeCheckpoint(this.config.name, task.id);
    if (!this.policy.labelOutcomes) return;
    const now = this.#now();
    await this.#o.store.saveLabelRequest({
      id: newRequestId(), kind: 'label', agent: this.config.name, task: task.id, question: `Label the outcome of task ${task.id} (commit ${commit.slice(0, 12)}): ${task.task.slice(0, 200)}`,
      created: now.toISOString(), expires: new Date(now.getTime() + this.policy.approvalTtlMs).toISOString(),
    });
  }

  async takeLabels(): Promise<string[]> {
    const store = this.#o.store;
    const messages: string[] = [];
    for (const req of await store.labelRequests(this.config.name)) {
      const d = await store.decision(this.config.name, req.id);
      if (!d) continue;
      if (d.decision === 'approved') {
        messages.push(`${this.config.name}(label): ${req.task}\n\nlabel: ${d.label}\nby: ${d.by} at ${d.at}${d.reason ? `\nreason: ${d.reason}` : ''}\nrequest: ${req.id}\n`);
      }
      await store.removeLabel(this.config.name, req.id);
    }
    return messages;
  }

  async callKind(tool: string): Promise<CallKind> {
    const def = (await this.defs()).find((d) => d.meta.name === tool);
    if (!def) return 'effect';
    if (!def.run) return 'person';
    if (toolDecision(this.policy, def.meta).allowed && needsApproval(this.policy, def.meta)) return 'gated';
    return isIdempotent(def.meta) ? 'idempotent' : 'effect';
  }

  async drop(task: string): Promise<void> {
    this.#carried.delete(task);
    await this.#o.store.removeCheckpoint(this.config.name, task);
  }

  /** One call outside any task (`agentos tool`): a gated tool runs only with `approved`; `gated` says it was held back. */
  async callTool(name: string, input: unknown, approved: boolean): Promise<{ result: unknown; record?: ToolCallRecord; gated: boolean }> {
    let record: ToolCallRecord | undefined;
    const s = await this.session('', (r) => (record = r), new Map([['operator', 'approved by the operator (agentos tool --approve)']]));
    try {
      const gated = s.tools[name]?.needsApproval === true;
      if (gated && !approved) return { result: undefined, gated: true };
      return { result: await callOnce(s, name, input), record, gated: false };
    } finally {
      s.revokeAll();
    }
  }
}
