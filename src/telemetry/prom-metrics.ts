// The prom-client side of metrics.ts: one registry per runtime (not the global one), counters and
// histograms fed by runtime events, gauges set from a snapshot at scrape time, process metrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RuntimeEvent } from '../kernel/index.ts';
import type { GaugeSnapshot, Metrics, MetricsOptions } from './metrics.ts';

const TASK_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const MODEL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
const TOOL_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

/** The audited result of a completed task: the lower of self-score and audit. */
function outcomeOf(reward: number, audit: number): string {
  const e = Math.min(reward, audit);
  return e > 0 ? 'success' : e === 0 ? 'partial' : 'failure';
}

export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  readonly contentType: string;
  readonly #c;
  readonly #g;

  constructor(opts: MetricsOptions) {
    const registers = [this.registry];
    this.contentType = this.registry.contentType;
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter({ name, help, labelNames, registers });
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) => new Histogram({ name, help, labelNames, buckets, registers });
    this.#c = {
      tasks: counter('agentos_tasks_total', 'Tasks finished, by agent and audited outcome (success, partial, failure, dead_lettered, rejected).', ['agent', 'outcome']),
      taskSeconds: histogram('agentos_task_duration_seconds', 'Task wall time from state load to commit.', ['agent', 'outcome'], TASK_BUCKETS),
      paused: counter('agentos_tasks_paused_total', 'Times a task paused to wait for a person (checkpoints).', ['agent']),
      queued: counter('agentos_tasks_queued_total', 'Tasks that entered a queue.', ['agent']),
      requests: counter('agentos_model_requests_total', 'Model requests by agent, tier, model and result (ok, error).', ['agent', 'tier', 'model', 'result']),
      modelSeconds: histogram('agentos_model_request_duration_seconds', 'Model request latency (HTTP time, retries included).', ['agent', 'tier', 'model'], MODEL_BUCKETS),
      tokens: counter('agentos_model_tokens_total', 'Tokens by agent, tier, model and direction (input, output).', ['agent', 'tier', 'model', 'direction']),
      cost: counter('agentos_model_cost_usd_total', 'Model spend in US dollars (priced models only).', ['agent', 'tier', 'model']),
      verdicts: counter('agentos_routing_verdicts_total', 'Routing verdicts (model_appropriate) by agent and final tier.', ['agent', 'tier', 'verdict']),
      tools: counter('agentos_tool_calls_total', 'Tool calls by agent, tool and result (ok, error).', ['agent', 'tool', 'result']),
      toolSeconds: histogram('agentos_tool_call_duration_seconds', 'Tool call duration.', ['tool'], TOOL_BUCKETS),
      asked: counter('agentos_approvals_requested_total', 'Requests for a person (approve, choose, context).', ['agent', 'kind']),
      decided: counter('agentos_approvals_decided_total', 'Decisions by a person or the time to live.', ['agent', 'decision']),
      filed: counter('agentos_proposals_filed_total', 'Proposals filed for consensus.', []),
      votes: counter('agentos_votes_total', 'Votes cast on proposals.', ['vote']),
      settled: counter('agentos_proposals_decided_total', 'Proposals decided, by status (accepted, rejected, expired).', ['status']),
      specAttempts: counter('agentos_speculative_attempts_total', 'Attempts run in forked workspaces, by result (passed: verify and judges; failed).', ['agent', 'result']),
      specTasks: counter('agentos_speculative_tasks_total', 'Tasks run in forks, by result (merged: the best passing fork went into the workspace; dropped: none passed). Speculative success rate = merged / all.', ['agent', 'result']),
      rollbacks: counter('agentos_rollbacks_total', 'Rollbacks committed (revert: one task undone; rewind: back to a task or commit). Rollback frequency = rate().', ['agent', 'kind']),
      supervised: counter('agentos_supervision_pauses_total', 'Times the watchdog paused an agent, by streak (negative_reward, dead_letter).', ['agent', 'streak']),
    };
    this.#g = {
      context: gauge('agentos_context_tokens', "The last task's context: prompt tokens, retrieved tokens and the retrieval budget.", ['agent', 'measure']),
      depth: gauge('agentos_queue_depth', 'Tasks in queue.md.', ['agent']),
      busy: gauge('agentos_agent_busy', '1 while the agent works on a task.', ['agent']),
      pausedNow: gauge('agentos_agent_paused', '1 while the agent is paused (its watchdog, its daily budget, or every provider failing).', ['agent']),
      dead: gauge('agentos_dead_letters', "Dead letters in the agent's repository.", ['agent']),
      waiting: gauge('agentos_approvals_waiting', 'Requests waiting for a person.', ['agent']),
      world: gauge('agentos_world_records', 'World records by kind and status.', ['agent', 'kind', 'status']),
      spent: gauge('agentos_spend_usd_today', "Today's (UTC) model spend.", ['agent']),
      spentTokens: gauge('agentos_spend_tokens_today', "Today's (UTC) model tokens.", ['agent']),
      budget: gauge('agentos_budget_usd_daily', 'The daily spend budget (absent when none is set).', ['agent']),
      budgetTokens: gauge('agentos_budget_tokens_daily', 'The daily token budget (absent when none is set).', ['agent']),
      breaker: gauge('agentos_breaker_state', 'Circuit breaker state per provider endpoint: 1 for the current state.', ['endpoint', 'state']),
      proposals: gauge('agentos_proposals', 'Proposals by status (open, accepted, rejected, expired).', ['status']),
      sse: gauge('agentos_sse_clients', 'Clients connected to GET /events.', []),
    };
    if (opts.processMetrics !== false) {
      collectDefaultMetrics({ register: this.registry });
      // prom-client names these gauges *_total, which promtool rejects (a _total suffix means a
      // counter); nodejs_active_resources (by type) from the same defaults says the same.
      for (const n of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(n);
    }
  }

  observe(e: RuntimeEvent): void {
    try {
      this.#count(e);
    } catch {
      // metrics must never fail the runtime; a bad label is a bug visible as a missing series
    }
  }

  #count(e: RuntimeEvent): void {
    const c = this.#c;
    switch (e.type) {
      case 'task.queued':
        c.queued.inc({ agent: e.agent });
        break;
      case 'task.completed': {
        const outcome = outcomeOf(e.reward, e.auditScore);
        c.tasks.inc({ agent: e.agent, outcome });
        c.taskSeconds.observe({ agent: e.agent, outcome }, e.durationMs / 1000);
        if (e.tier && e.appropriate) c.verdicts.inc({ agent: e.agent, tier: e.tier, verdict: e.appropriate });
        if (e.context) {
          this.#g.context.set({ agent: e.agent, measure: 'prompt' }, e.context.total);
          this.#g.context.set({ agent: e.agent, measure: 'retrieved' }, e.context.used);
          this.#g.context.set({ agent: e.agent, measure: 'retrieval_budget' }, e.context.budget);
        }
        break;
      }
      case 'task.dead_lettered':
        c.tasks.inc({ agent: e.agent, outcome: 'dead_lettered' });
        break;
      case 'task.rejected':
        c.tasks.inc({ agent: e.agent, outcome: 'rejected' });
        break;
      case 'task.paused':
        c.paused.inc({ agent: e.agent });
        break;
      case 'model.call': {
        const l = { agent: e.agent, tier: e.tier, model: e.model };
        c.requests.inc({ ...l, result: e.ok ? 'ok' : 'error' });
        c.modelSeconds.observe(l, e.ms / 1000);
        if (e.inputTokens) c.tokens.inc({ ...l, direction: 'input' }, e.inputTokens);
        if (e.outputTokens) c.tokens.inc({ ...l, direction: 'output' }, e.outputTokens);
        if (e.costUsd) c.cost.inc(l, e.costUsd);
        break;
      }
      case 'tool.called':
        c.tools.inc({ agent: e.agent, tool: e.tool, result: e.ok ? 'ok' : 'error' });
        c.toolSeconds.observe({ tool: e.tool }, e.ms / 1000);
        break;
      case 'approval.waiting':
        c.asked.inc({ agent: e.agent, kind: e.kind });
        break;
      case 'approval.decided':
        c.decided.inc({ agent: e.agent, decision: e.decision });
        break;
      case 'proposal.filed':
        c.filed.inc();
        break;
      case 'vote.cast':
        c.votes.inc({ vote: e.vote });
        break;
      case 'proposal.decided':
        c.settled.inc({ status: e.status });
        break;
      case 'speculation.attempt':
        c.specAttempts.inc({ agent: e.agent, result: e.passed ? 'passed' : 'failed' });
        break;
      case 'speculation.settled':
        c.specTasks.inc({ agent: e.agent, result: e.merged ? 'merged' : 'dropped' });
        break;
      case 'agent.rolled_back':
        c.rollbacks.inc({ agent: e.agent, kind: e.kind });
        break;
      case 'agent.supervised':
        c.supervised.inc({ agent: e.agent, streak: e.streak });
        break;
      default:
        break;
    }
  }

  follow(events: Parameters<Metrics['follow']>[0]): () => void {
    const on = (e: RuntimeEvent) => this.observe(e);
    events.on('event', on);
    return () => events.off('event', on);
  }

  async render(s?: GaugeSnapshot): Promise<string> {
    if (s) this.#setGauges(s);
    return this.registry.metrics();
  }

  #setGauges(s: GaugeSnapshot): void {
    const g = this.#g;
    for (const x of [g.depth, g.busy, g.pausedNow, g.dead, g.waiting, g.world, g.spent, g.spentTokens, g.budget, g.budgetTokens, g.breaker, g.proposals]) x.reset();
    for (const a of s.agents) {
      const l = { agent: a.name };
      g.depth.set(l, a.queued);
      g.busy.set(l, a.busy ? 1 : 0);
      g.pausedNow.set(l, a.paused ? 1 : 0);
      g.dead.set(l, a.deadLetters);
      g.waiting.set(l, a.approvalsWaiting);
      for (const w of a.world) g.world.set({ agent: a.name, kind: w.kind, status: w.status }, w.count);
      g.spent.set(l, a.spentUsdToday);
      g.spentTokens.set(l, a.tokensToday);
      if (a.budgetUsdDaily !== null) g.budget.set(l, a.budgetUsdDaily);
      if (a.budgetTokensDaily !== null) g.budgetTokens.set(l, a.budgetTokensDaily);
    }
    for (const b of s.breakers) for (const state of ['closed', 'open', 'half-open']) g.breaker.set({ endpoint: b.endpoint, state }, b.state === state ? 1 : 0);
    for (const p of s.proposals) g.proposals.set({ status: p.status }, p.count);
    if (s.sseClients !== undefined) g.sse.set(s.sseClients);
  }
}
