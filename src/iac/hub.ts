// The runtime's inter-agent communication: implements the worker's IacHooks over the shared
// repository (proposals, votes, segments, dead letters, handoffs), the lock table, dispatch by
// card, and backpressure on every way in.
import type { AgentConfig } from '../config/index.ts';
import { DEFAULT_IAC_POLICY, type IacPolicy } from '../config/index.ts';
import { syncSharedSegments } from '../context/index.ts';
import type { AgentContext, DeadLetterInfo, IacHost, IacPort, PlanSummary, TaskResult } from '../kernel/index.ts';
import { loadAgentState, renderReflections, REFLECTIONS_FILE, type WorldRecord } from '../learn/index.ts';
import type { FileChange, NewTask, QueueTask } from '../store/index.ts';
import { checkIntake } from './backpressure.ts';
import { agentCard } from './cards.ts';
import { Consensus } from './consensus.ts';
import { chooseAgent, type DispatchChoice } from './dispatch.ts';
import { escalationChange } from './escalation.ts';
import { chainOf, handoffRecord, handoffRefusal, handoffTask, refusalRecord } from './handoff.ts';
import { judgeWith, relevantBeliefs, type Judge } from './judge.ts';
import { LockTable } from './locks.ts';
import { recordMetric } from './metrics-log.ts';
import { SharedRepo } from './shared-repo.ts';
import { askForPlan, joinText, planTasks, PLANS_DIR, resultChange } from './planner.ts';

/** The parts of the runtime the hub uses (the kernel's IacHost). */
export type HubHost = IacHost;

const REOPENING = new Set(['contradicted', 'demoted', 'retracted', 'superseded']);

export class IacHub implements IacPort {
  readonly repo: SharedRepo;
  readonly consensus: Consensus;
  readonly locks: LockTable;
  readonly policy: IacPolicy;
  judge: Judge;
  private readonly host: HubHost;

  constructor(host: HubHost, policy: IacPolicy = DEFAULT_IAC_POLICY, judge?: Judge) {
    this.host = host;
    this.policy = policy;
    this.repo = new SharedRepo(host.dataDir);
    this.consensus = new Consensus(this.repo, policy, host.agents().map((c) => c.config.name));
    this.locks = new LockTable(host.dataDir);
    const released = this.locks.recover();
    if (released.length) host.log.warn(`released locks a stopped runtime held: ${released.join(', ')}`);
    this.judge = judge ?? judgeWith((voter) => cheapModel(this.ctxOf(voter)));
  }

  readonly done = { has: (id: string) => this.host.agents().some((c) => c.done.has(id)) };

  private ctxOf(name: string): AgentContext {
    const c = this.host.agents().find((a) => a.config.name === name);
    if (!c) throw new Error(`no agent named "${name}"`);
    return c;
  }

  blocked(_agent: string, task: QueueTask): string | undefined {
    return this.locks.blocked(task);
  }

  acquire(agent: string, task: QueueTask): () => void {
    const names = this.locks.acquire(agent, task);
    const handed = Date.parse(String(task.extra?.handed_at ?? ''));
    if (Number.isFinite(handed)) void this.metric({ type: 'handoff_started', to: agent, task: task.id, latency_ms: Math.max(0, Date.now() - handed), at: new Date().toISOString() });
    return () => {
      if (names.length === 0) return;
      this.locks.release(names, task.id);
      this.host.wakeAll(); // a waiter on the lock may run now
    };
  }

  /** Backpressure, then append: the one way tasks enter a queue through the runtime. */
  async enqueue(agent: string, task: NewTask): Promise<void> {
    const ctx = this.ctxOf(agent);
    checkIntake(ctx.config, (await ctx.queue.read()).tasks.length);
    await this.host.append(agent, task);
  }

  /** The best agent for a task by card; `capability` narrows it (a handoff "capability: ..."). */
  async dispatch(task: string, opts: { capability?: string; exclude?: string[] } = {}): Promise<DispatchChoice> {
    const now = new Date();
    const cards = await Promise.all(
      this.host.agents().filter((c) => !opts.exclude?.includes(c.config.name)).map((c) => agentCard(c.dataDir, c.config, now, { cache: c.stateCache, queue: c.queue })),
    );
    return chooseAgent(task, cards, opts.capability);
  }

  async afterTask(ctx: AgentContext, task: QueueTask, result: TaskResult): Promise<void> {
    const steps: [string, () => Promise<void>][] = [
      ['handoff', () => this.handOff(ctx, task, result)],
      ['plan result', () => this.planResult(ctx, task, result)],
      ['consensus', () => this.share(ctx, task, result)],
      ['metrics', () => this.segmentUse(ctx, task, result)],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (err) {
        this.host.log.error({ agent: ctx.config.name, task: task.id, err }, `iac ${what} after the task failed; the task's commit stands`);
      }
    }
    this.host.wakeAll(); // `after:` across agents: a waiter elsewhere may run now
    await this.housekeeping();
  }

  private lastSweep = 0;

  /**
   * At most once a minute: expire open proposals past their TTL, and re-read the segments (a
   * person's `agentos vote` may have accepted one from another process).
   */
  async housekeeping(now = new Date(), force = false): Promise<void> {
    if (!force && now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    try {
      const expired = await this.consensus.sweep(now);
      if (expired.length) this.host.log.info({ expired }, 'proposals expired undecided (archived)');
      for (const id of expired) this.host.emit?.({ type: 'proposal.decided', agent: 'consensus', proposal: id, status: 'expired' });
      await this.resyncSegments();
    } catch (err) {
      this.host.log.warn({ err }, 'proposal sweep failed; retried later');
    }
  }

  /** Decomposes a task (one model call), queues the subtasks across agents and the join task. */
  async plan(root: NewTask): Promise<PlanSummary> {
    const first = this.host.agents()[0];
    const model = first.routing?.tiers.byName.balanced[0]?.settings ?? first.model;
    const reply = await askForPlan(model, root, this.host.agents().map((a) => a.config.name));
    const assigned = new Map<string, string>();
    for (const s of reply.subtasks) assigned.set(s.id, (await this.dispatch(s.task, { capability: s.capability ?? undefined })).agent);
    const joinAgent = (await this.dispatch(root.task)).agent;
    const planned = planTasks(root, reply, (s) => assigned.get(s.id)!, joinAgent);
    await this.repo.transact(async () => ({ message: `plan: ${root.id} in ${planned.levels.length} level(s), ${reply.subtasks.length} subtask(s)`, changes: [planned.record] }));
    for (const t of planned.tasks) await this.enqueue(t.agent, t.task);
    return { levels: planned.levels, tasks: planned.tasks.map((t) => ({ agent: t.agent, id: t.task.id, after: t.task.after ?? [] })) };
  }

  async prepare(task: QueueTask): Promise<QueueTask> {
    const join = task.extra?.join;
    if (!Array.isArray(join)) return task;
    const results = new Map<string, string | undefined>();
    for (const id of join.map(String)) {
      const text = await this.repo.read(`${PLANS_DIR}/${task.id}/${id}.md`);
      results.set(id, text?.replace(/^---\n[\s\S]*?\n---\n/, ''));
    }
    return { ...task, task: joinText(task, results) };
  }

  private async planResult(ctx: AgentContext, task: QueueTask, result: TaskResult): Promise<void> {
    if (typeof task.extra?.plan !== 'string') return;
    const change = resultChange(task, ctx.config.name, result.response, result.commit);
    await this.repo.transact(async () => ({ message: `${ctx.config.name}(result): ${task.id} for plan ${String(task.extra?.plan)}`, changes: [change] }));
  }

  private async handOff(ctx: AgentContext, task: QueueTask, result: TaskResult): Promise<void> {
    const h = result.report.handoff;
    if (!h) return;
    const from = ctx.config.name;
    const chain = chainOf(from, task);
    const now = new Date();
    const named = this.host.agents().some((a) => a.config.name === h.to);
    const capability = /^\s*capability\s*:\s*(.+)$/i.exec(h.to)?.[1];
    let target = named ? h.to : undefined;
    let refusal = handoffRefusal(from, target, chain, this.policy.maxHops);
    if (!refusal && !target) {
      // By capability: never back to an agent already on the chain.
      try {
        target = (await this.dispatch(h.task, { capability: capability ?? h.to, exclude: chain.agents })).agent;
      } catch (err) {
        refusal = `no agent off the chain (${chain.agents.join(' → ')}) can take it: ${(err as Error).message}`;
      }
    }
    const refuse = async (reason: string) => {
      const r = refusalRecord(from, h.to, task.id, chain, h.task, reason, now);
      await this.repo.transact(async () => ({ message: `${from}(handoff-refused): ${task.id} → ${h.to}\n\n${reason}\n\n${h.task}`, changes: [r.change] }));
      await this.metric({ type: 'handoff_refused', from, to: h.to, task: task.id, reason, at: now.toISOString() });
      this.host.log.warn({ agent: from, task: task.id, to: h.to, record: r.change.path }, `handoff not made: ${reason}`);
    };
    if (refusal || !target) return refuse(refusal ?? 'no target');
    const next = handoffTask(from, task, h.task, this.policy.defaultMessageTtl, now);
    try {
      await this.enqueue(target, next);
    } catch (err) {
      // A full queue (backpressure) or a task the queue cannot take (too long): recorded, never dropped silently.
      return refuse(`${target} could not take it: ${(err as Error).message}`);
    }
    await this.repo.transact(async () => ({ message: `${from}(handoff): ${task.id} → ${target}/${next.id}\n\nhop ${String(next.extra?.hops)} of at most ${this.policy.maxHops} from ${chain.root}; priority ${next.priority}\n\n${h.task}`, changes: [handoffRecord(from, target, task.id, next, now)] }));
    await this.metric({ type: 'handoff', from, to: target, task: next.id, at: now.toISOString() });
  }

  private async share(ctx: AgentContext, task: QueueTask, result: TaskResult): Promise<void> {
    const events = result.summary.world;
    if (!events.some((e) => e.type === 'promoted' || REOPENING.has(e.type))) return;
    const agent = ctx.config.name;
    const state = await loadAgentState(ctx.paths.root, { cache: ctx.stateCache, quarantine: false });
    const now = new Date();
    let changed = false;
    for (const e of events) {
      if (REOPENING.has(e.type)) {
        if (await this.consensus.reopen(e.name, agent, `${e.type} by ${agent} in ${task.id}: ${e.detail}`, now)) changed = true;
        continue;
      }
      if (e.type !== 'promoted') continue;
      const record = state.world.find((r) => r.name === e.name);
      if (!record || !this.shareable(record)) continue;
      const p = await this.consensus.propose(agent, {
        topic: record.name, subject: record.name, claim: record.claim, tags: record.tags.filter((t) => t !== 'shareable'),
        evidence: record.evidence.supports.map((t) => `${agent}/${t}${record.evidence.verified.includes(t) ? ' (verified)' : ''}`),
      }, now);
      if (p) this.host.emit?.({ type: 'proposal.filed', agent, proposal: p.id, subject: p.subject.slice(0, 120) });
      if (p && (await this.collectVotes(p.id, task))) changed = true;
    }
    if (changed) await this.resyncSegments();
  }

  async reopenBeliefs(agent: string, topics: string[], reason: string): Promise<string[]> {
    const now = new Date();
    const reopened: string[] = [];
    for (const topic of topics) if (await this.consensus.reopen(topic, agent, reason, now)) reopened.push(topic);
    if (reopened.length) await this.resyncSegments();
    return reopened;
  }

  private shareable(r: WorldRecord): boolean {
    const share = this.policy.consensus.share;
    return share === 'all' || (share === 'marked' && (r.tags.includes('shareable') || r.extra?.shareable === true));
  }

  /** Asks each eligible agent to judge; stops once decided. Returns true when accepted. */
  async collectVotes(id: string, task?: QueueTask): Promise<boolean> {
    let p = await this.consensus.load(id);
    for (const voter of this.consensus.eligibleVoters(p)) {
      if (p.status !== 'open') break;
      const vctx = this.ctxOf(voter);
      const state = await loadAgentState(vctx.paths.root, { cache: vctx.stateCache, quarantine: false });
      const v = await this.judge(voter, p, relevantBeliefs(state.world, p));
      const out = await this.consensus.vote(id, voter, v.vote, v.reason, new Date());
      p = out.proposal;
      this.host.emit?.({ type: 'vote.cast', agent: voter, proposal: id, vote: v.vote, decision: out.tally.decision });
      if (out.tally.decision !== 'open') this.host.emit?.({ type: 'proposal.decided', agent: p.proposer, proposal: id, status: out.tally.decision });
      this.host.log.info({ proposal: id, voter, vote: v.vote, decision: out.tally.decision, task: task?.id }, 'vote recorded');
    }
    return p.status === 'accepted';
  }

  /** Re-reads shared/iac/segments into the index (a cache: a failure costs retrieval until the next pass). */
  async resyncSegments(): Promise<void> {
    const index = this.host.index();
    if (index) await syncSharedSegments(index, this.host.dataDir).catch((err: unknown) => this.host.log.warn({ err }, 'segment reindex failed'));
  }

  private async segmentUse(ctx: AgentContext, task: QueueTask, r: TaskResult): Promise<void> {
    if (!r.segments.length) return;
    await this.metric({ type: 'segment_use', agent: ctx.config.name, task: task.id, segments: r.segments, success: r.summary.auditScore > 0, at: new Date().toISOString() });
  }

  async expiredChanges(ctx: AgentContext, task: QueueTask, info: DeadLetterInfo, now: Date): Promise<FileChange[]> {
    const state = await loadAgentState(ctx.paths.root, { cache: ctx.stateCache, quarantine: false });
    const origin = typeof task.extra?.origin === 'string' ? ` (handed over by ${task.extra.origin})` : '';
    const text = `Task ${task.id}${origin} expired unread: ${info.reason}. My queue outran my throughput class (${ctx.config.throughputClass ?? 'medium'}); ask senders to route elsewhere or raise the TTL.`;
    const reflections = [...state.reflections, { task: task.id, text, created: now.toISOString() }].slice(-ctx.config.budgets.reflections);
    return [{ op: 'write', path: REFLECTIONS_FILE, content: renderReflections(reflections) }];
  }

  async escalate(ctx: AgentContext, task: QueueTask, info: DeadLetterInfo, now: Date): Promise<void> {
    try {
      const change = escalationChange(ctx.config.name, task, info, now);
      await this.repo.transact(async () => ({ message: `escalate(${ctx.config.name}): ${task.id} expired unread\n\n${info.reason}`, changes: [change] }));
    } catch (err) {
      this.host.log.error({ agent: ctx.config.name, task: task.id, err }, 'escalation to shared/iac/dead_letters failed; the agent dead letter stands');
    }
  }

  private async metric(m: Parameters<typeof recordMetric>[1]): Promise<void> {
    try {
      await recordMetric(this.host.dataDir, m);
    } catch (err) {
      this.host.log.warn({ err }, 'iac metric not recorded');
    }
  }
}

function cheapModel(ctx: AgentContext) {
  const chain = ctx.routing?.tiers.byName['cheap-fast'];
  return chain?.[0]?.settings ?? ctx.model;
}

export type { AgentConfig };
