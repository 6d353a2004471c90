// The dashboard's JSON routes (read-only; the page's approvals use /approvals):
//   GET /agents/:name/report      learning curves, skills, spend and cost per success per day
//   GET /agents/:name/world       the world model as a graph (records, shared tags, mentions)
//   GET /agents/:name/tasks       the newest task commits (?limit=, at most 200)
//   GET /agents/:name/tasks/:id   a task's commit, its kept context.md, and where it stands (status,
//                                 answer, usage, pending approvals: task-state.ts)
//   GET /proposals                open and archived proposals with votes, and shared segments
//   GET /dead-letters             every agent's dead letters and the shared ones
import { Hono } from 'hono';
import { budgetStatus, readArchivedContext, type Runtime } from '../kernel/index.ts';
import { loadAgentState } from '../learn/index.ts';
import { isValidTaskId } from '../store/index.ts';
import type { Consensus } from '../iac/index.ts';
import { agentReport, deadLetters, recentTasks, SPEND_DAYS_MAX, taskCommit } from './dashboard-data.ts';
import type { ApprovalStore } from '../tools/index.ts';
import { taskState } from './task-state.ts';
import { worldGraph } from './world-graph.ts';

function bounded(raw: string | undefined, fallback: number, max: number): number {
  const n = Number(raw ?? fallback);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

export function dashboardRoutes(runtime: Runtime, consensus?: Consensus, approvals?: ApprovalStore): Hono {
  const app = new Hono();

  app.get('/agents/:name/report', async (c) => {
    const w = runtime.worker(c.req.param('name'));
    const report = await agentReport(w.ctx, bounded(c.req.query('windows'), 10, 100), bounded(c.req.query('days'), 30, SPEND_DAYS_MAX));
    return c.json({ ...report, budget: await budgetStatus(w.ctx.dataDir, w.ctx.config), stats: w.stats });
  });

  app.get('/agents/:name/world', async (c) => {
    const w = runtime.worker(c.req.param('name'));
    const state = await loadAgentState(w.ctx.paths.root, { cache: w.ctx.stateCache, quarantine: false });
    return c.json({ agent: w.name, ...worldGraph(state.world) });
  });

  app.get('/agents/:name/tasks', async (c) => {
    const w = runtime.worker(c.req.param('name'));
    return c.json({ agent: w.name, tasks: await recentTasks(w.ctx, bounded(c.req.query('limit'), 50, 200)) });
  });

  app.get('/agents/:name/tasks/:id', async (c) => {
    const w = runtime.worker(c.req.param('name'));
    const id = c.req.param('id');
    if (!isValidTaskId(id)) return c.json({ error: `"${id.slice(0, 80)}" is not a task id (letters, digits, . _ -)` }, 400);
    const [commit, context, queue, state] = await Promise.all([
      taskCommit(w.ctx, id), readArchivedContext(w.ctx.dataDir, w.name, id), w.ctx.queue.read(), taskState(w.ctx, id, { running: w.current, approvals }),
    ]);
    const queued = queue.tasks.some((t) => t.id === id);
    if (!commit && context === undefined && !queued) return c.json({ error: `agent ${w.name} has no task ${id} (committed, queued or with a kept context)` }, 404);
    const where = state
      ? { status: state.status, usage: state.usage, ...('answer' in state && { answer: state.answer, truncated: state.truncated }), ...('reason' in state && { reason: state.reason }), ...('approvals' in state && { approvals: state.approvals }) }
      : { status: 'unknown' };
    return c.json({ agent: w.name, task: id, queued, commit, context: context ?? null, ...where });
  });

  app.get('/proposals', async (c) => {
    if (!consensus) return c.json({ open: [], archived: [], segments: [] });
    const [open, archived, segments] = await Promise.all([consensus.list(false), consensus.list(true), consensus.segments().catch(() => [])]);
    return c.json({ open, archived, segments });
  });

  app.get('/dead-letters', async (c) => c.json(await deadLetters([...runtime.workers.values()].map((w) => w.ctx), runtime.opts.dataDir)));

  return app;
}
