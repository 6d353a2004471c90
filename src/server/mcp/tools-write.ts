// The MCP server's tools that change something (operator token only): submit_task (queue a task,
// optionally wait for its answer, bounded by AGENTOS_API_WAIT, with progress notifications),
// decide_approval (approve or deny a pending request; the paused task resumes), vote_proposal
// (vote on a shared proposal as an agent or as a person the consensus policy allows).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { VOTES } from '../../iac/index.ts';
import { describeZodError, newTask, TaskInput, type RuntimeEvent } from '../../kernel/index.ts';
import { decideAndWake } from '../approvals-routes.ts';
import type { Role } from '../refuse.ts';
import { replyFor } from '../task-reply.ts';
import { submitWatched } from '../task-watch.ts';
import { guard, json, needsOperator, SAFE_NAME, text, toolError, type McpDeps } from './deps.ts';

const name = (what: string) => z.string().regex(SAFE_NAME, `${what}: letters, digits, ".", "_" or "-"`);
const WRITE = { readOnlyHint: false, destructiveHint: false, openWorldHint: false } as const;

export function registerWriteTools(server: McpServer, deps: McpDeps, role: Role): void {
  const { runtime } = deps;
  const maxWaitS = Math.floor(deps.waitMs / 1000);

  server.registerTool('submit_task', {
    title: 'Submit a task to an agent',
    description: `Queues a task for an agent (or, without agent, for the best match by agent card). It runs through the whole pipeline: context, routing, tools, verify, learn, commit. With wait_seconds (at most ${maxWaitS}) the tool waits for the answer; a task that needs a person's approval, fails, or outlasts the wait is reported as such and keeps going. Needs the operator token.`,
    inputSchema: {
      task: z.string().min(1).max(65_536),
      agent: name('agent').optional(),
      id: name('id').optional(),
      priority: z.enum(['high', 'normal', 'low']).optional(),
      tags: z.array(z.string().min(1).max(40)).max(20).optional(),
      verify: z.string().min(1).max(4096).optional().describe('a command run in the agent workspace afterwards; exit 0 means verified'),
      wait_seconds: z.number().min(0).max(maxWaitS).optional(),
    },
    annotations: WRITE,
  }, ({ task, agent, id, priority, tags, verify, wait_seconds }, extra) => guard(deps, 'submit_task', async () => {
    const refused = needsOperator(role, 'submit_task');
    if (refused) return refused;
    const input = TaskInput.safeParse({ task, id, priority, tags, verify });
    if (!input.success) return toolError(`submit_task: ${describeZodError(input.error)}`);
    const t = newTask(input.data);
    t.extra = { ...t.extra, via: 'mcp' };
    let target = agent;
    let why: string | undefined;
    if (target === undefined) {
      if (!runtime.iac) return toolError('submit_task: name an agent (choosing one by agent card needs inter-agent communication, which is off)');
      ({ agent: target, why } = await runtime.iac.dispatch(t.task));
    }
    const ctx = runtime.worker(target).ctx;
    const watch = await submitWatched(runtime, target, t);
    const waitMs = Math.min((wait_seconds ?? 0) * 1000, deps.waitMs);
    if (waitMs <= 0) {
      watch.dispose();
      return text(`Queued task ${t.id} for agent ${target}${why ? ` (${why})` : ''}. Follow it with get_status {"agent": "${target}", "task": "${t.id}"}.`, { task: t.id, agent: target, status: 'queued' });
    }
    const token = extra._meta?.progressToken;
    let step = 0;
    if (token !== undefined) {
      watch.onProgress((e: RuntimeEvent) => {
        void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++step, message: e.type } }).catch(() => {});
      });
    }
    const signal = AbortSignal.any([extra.signal, ...(deps.stopping ? [deps.stopping] : [])]);
    const reply = await replyFor(ctx, await watch.outcome(waitMs, signal), deps.approvals);
    const { text: body, ...meta } = reply;
    return text(body, { ...meta, ...(why && { why }) });
  }));

  server.registerTool('decide_approval', {
    title: 'Approve or deny a pending request',
    description: 'Decides a request from list_approvals: approve (optionally with choice for a choose request, answer for a context question, label for an outcome) or deny. The paused task resumes where it stopped. The first decision wins. Needs the operator token.',
    inputSchema: {
      id: name('id'),
      decision: z.enum(['approve', 'deny']),
      reason: z.string().max(2000).optional(),
      choice: z.int().min(1).optional().describe('for a choose request: the option number, 1-based'),
      answer: z.string().max(20_000).optional(),
      label: z.string().max(100).optional(),
    },
    annotations: { ...WRITE, idempotentHint: false },
  }, ({ id, decision, reason, choice, answer, label }) => guard(deps, 'decide_approval', async () => {
    const refused = needsOperator(role, 'decide_approval');
    if (refused) return refused;
    if (!deps.approvals) return toolError('decide_approval: this runtime runs without the tool runtime, so there are no approvals');
    const r = await decideAndWake(deps.approvals, runtime, id, {
      decision: decision === 'approve' ? 'approved' : 'denied', by: 'mcp', reason, ...(choice !== undefined && { choice: choice - 1 }), answer, label,
    });
    return text(`${r.decision.id}: ${r.decision.decision}; task ${r.request.task} of agent ${r.request.agent} resumes.`, r.decision);
  }));

  server.registerTool('vote_proposal', {
    title: 'Vote on a shared proposal',
    description: 'Records a vote (yes, no, abstain) with its reason on an open proposal (get_status lists them), as an agent (agent) or as a person (person, who must be allowed by iac.consensus.voters). The vote is committed to the shared repository; a decided proposal becomes a shared segment or is archived. Needs the operator token.',
    inputSchema: {
      proposal: name('proposal'),
      vote: z.enum(VOTES),
      reason: z.string().trim().min(1).max(2000),
      agent: name('agent').optional(),
      person: name('person').optional(),
    },
    annotations: WRITE,
  }, ({ proposal, vote, reason, agent, person }) => guard(deps, 'vote_proposal', async () => {
    const refused = needsOperator(role, 'vote_proposal');
    if (refused) return refused;
    if (!deps.consensus) return toolError('vote_proposal: inter-agent communication is off, so there are no proposals');
    if ((agent === undefined) === (person === undefined)) return toolError('vote_proposal: vote as one agent (agent) or one person (person), not both or neither');
    if (agent !== undefined) runtime.worker(agent);
    const voter = agent ?? person!;
    const out = await deps.consensus.vote(proposal, voter, vote, reason, new Date(), { person: person !== undefined });
    runtime.events.emitEvent({ type: 'vote.cast', agent: voter, proposal, vote, decision: out.tally.decision });
    if (out.tally.decision !== 'open') runtime.events.emitEvent({ type: 'proposal.decided', agent: out.proposal.proposer, proposal, status: out.tally.decision });
    if (out.tally.decision === 'accepted') await deps.segmentsChanged?.();
    return json({ proposal, voter, vote, status: out.proposal.status, why: out.tally.why, commit: out.commit ?? null });
  }));
}
