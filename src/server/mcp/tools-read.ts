// The MCP server's read-only tools (any token): get_status (the agents, one agent, or one task
// with its answer), search_memory (an agent's skills, world records, rewards, reflections and the
// shared segments), list_approvals (what waits for a person, and how to decide it).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { agentStatus } from '../../kernel/index.ts';
import { approvalLines } from '../task-text.ts';
import { taskState } from '../task-state.ts';
import { guard, json, SAFE_NAME, text, toolError, type McpDeps } from './deps.ts';
import { MAX_HITS, MEMORY_KINDS, searchMemory } from './memory.ts';

const name = (what: string) => z.string().regex(SAFE_NAME, `${what}: letters, digits, ".", "_" or "-"`);
const READ = { readOnlyHint: true, openWorldHint: false } as const;

export function registerReadTools(server: McpServer, deps: McpDeps): void {
  const { runtime } = deps;

  server.registerTool('get_status', {
    title: 'Status of agents, an agent, or a task',
    description: 'Without arguments: every agent (busy, queue length, counts), pending approvals and open proposals. With agent: its queue, skills, goals, last rewards, budget. With agent and task: where the task stands (queued, running, paused for approval, completed with its answer, dead-lettered) and its token usage.',
    inputSchema: { agent: name('agent').optional(), task: name('task').optional() },
    annotations: READ,
  }, ({ agent, task }) => guard(deps, 'get_status', async () => {
    if (task !== undefined && agent === undefined) return toolError('get_status: a task is looked up within its agent; pass agent too');
    if (agent === undefined) {
      const agents = await Promise.all([...runtime.workers.values()].map(async (w) => ({
        name: w.name, domain: w.ctx.config.domain, busy: w.busy, current: w.current ?? null, queued: (await w.ctx.queue.read()).tasks.length, paused: w.paused ?? null, ...w.stats,
      })));
      const pending = deps.approvals ? (await deps.approvals.list()).filter((r) => r.status === 'pending').length : 0;
      const proposals = deps.consensus ? (await deps.consensus.list(false)).map((p) => ({ id: p.id, subject: p.subject, topic: p.topic, proposer: p.proposer, votes: p.votes.length })) : [];
      return json({ agents, approvals_pending: pending, proposals_open: proposals });
    }
    const w = runtime.worker(agent);
    if (task === undefined) return json({ ...(await agentStatus(runtime.opts.dataDir, w.ctx.config)), busy: w.busy, current: w.current ?? null, stats: w.stats, paused: w.paused ?? null });
    const state = await taskState(w.ctx, task, { running: w.current, approvals: deps.approvals });
    if (!state) return toolError(`agent ${agent} has no task ${task} (not committed, not queued)`);
    if (state.status === 'completed') return text(state.answer, { ...state, answer: undefined });
    if (state.status === 'paused') return text(['Waiting for a person:', ...approvalLines(state.approvals)].join('\n'), state);
    return json(state);
  }));

  server.registerTool('search_memory', {
    title: "Search an agent's memory",
    description: "Full-text search (BM25, the retrieval index the agent's own context uses) over the agent's skills, world model records, rewards and reflections, and the shared segments. Each hit has a snippet and, for skills, world records and segments, the agentos:// resource URI of the whole record.",
    inputSchema: {
      agent: name('agent'),
      query: z.string().min(1).max(2000),
      kinds: z.array(z.enum(MEMORY_KINDS)).max(MEMORY_KINDS.length).optional(),
      limit: z.int().min(1).max(MAX_HITS).optional(),
    },
    annotations: READ,
  }, ({ agent, query, kinds, limit }) => guard(deps, 'search_memory', async () => {
    const w = runtime.worker(agent);
    if (!w.ctx.index) return toolError('the retrieval index is not open; run `agentos reindex` and try again');
    const hits = searchMemory(w.ctx.index, agent, query, kinds ?? [], limit ?? 10);
    if (!hits) return toolError('search_memory: the query has no searchable words (stopwords and one-letter words are left out)');
    return json({ agent, query, hits });
  }));

  server.registerTool('list_approvals', {
    title: 'Pending approvals',
    description: "Requests waiting for a person: gated tool calls (approve), questions (choose, context) and outcome labels, with the task each one pauses. Decide them with decide_approval (operator token), `agentos approve ID`, or POST /approvals/ID/approve.",
    inputSchema: { agent: name('agent').optional() },
    annotations: READ,
  }, ({ agent }) => guard(deps, 'list_approvals', async () => {
    if (agent !== undefined) runtime.worker(agent);
    if (!deps.approvals) return text('No approvals: this runtime runs without the tool runtime, so nothing waits for a person.', { requests: [] });
    const pending = (await deps.approvals.list(agent)).filter((r) => r.status === 'pending');
    const requests = pending.map((r) => ({ id: r.id, kind: r.kind, agent: r.agent, task: r.task, tool: r.tool, args: r.args, question: r.question, options: r.options, created: r.created, expires: r.expires }));
    if (!requests.length) return text(`Nothing waits for a person${agent ? ` for agent ${agent}` : ''}.`, { requests });
    return text(approvalLines(pending).join('\n'), { requests });
  }));
}
