// Agents as OpenAI-compatible models (behind the API's guards: token, origin, JSON, body size):
//   GET  /v1/models              every agent, as OpenAI's model list
//   GET  /v1/models/:id          one agent
//   POST /v1/chat/completions    the conversation becomes a task of agent `model`, through the whole
//                                pipeline; the answer comes back as a chat.completion, or streamed
// The request waits for its task at most `waitMs`; a client that goes away does not cancel the
// task (it stays queued and is committed). Errors take OpenAI's shape (openai/errors.ts).
import { Hono, type Context } from 'hono';
import { describeZodError, newTask, TaskInput, type Runtime } from '../../kernel/index.ts';
import { Git } from '../../store/index.ts';
import type { Logger } from '../../telemetry/index.ts';
import type { ApprovalStore } from '../../tools/index.ts';
import type { ApiEnv } from '../refuse.ts';
import { replyFor } from '../task-reply.ts';
import { submitWatched } from '../task-watch.ts';
import { completion, extensionOf, modelObject } from './format.ts';
import { openAiError } from './errors.ts';
import { conversationTask, parseChatRequest, taskFieldsOf } from './request.ts';
import { streamReply } from './stream.ts';

export interface ChatOptions {
  /** How long a request waits for its task (AGENTOS_API_WAIT). */
  waitMs: number;
  /** Characters of earlier turns carried into the task (AGENTOS_CHAT_HISTORY). */
  historyChars: number;
  /** A comment line this often keeps a stream open while the task runs. */
  keepAliveMs: number;
}

export const CHAT_DEFAULTS: ChatOptions = { waitMs: 300_000, historyChars: 16_384, keepAliveMs: 15_000 };

export interface OpenAiDeps {
  runtime: Runtime;
  log: Logger;
  approvals?: ApprovalStore;
  options: ChatOptions;
  /** Aborted when the system stops: waiting requests answer at once; their tasks stay queued. */
  stopping?: AbortSignal;
  startedAt: number;
}

export function openaiRoutes(deps: OpenAiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { runtime } = deps;
  const created = new Map<string, number>();
  /** When the agent came to be: its repository's first commit (cached), else the daemon's start. */
  const createdAt = async (agent: string) => {
    let t = created.get(agent);
    if (t === undefined) {
      const out = await new Git(runtime.worker(agent).ctx.paths.root).raw(['log', '--max-parents=0', '--format=%at', 'HEAD']).catch(() => '');
      t = Number(out.trim().split('\n').pop()) || Math.floor(deps.startedAt / 1000);
      created.set(agent, t);
    }
    return t;
  };

  app.get('/v1/models', async (c) => {
    const data = await Promise.all([...runtime.workers.values()].map(async (w) => modelObject(w.name, await createdAt(w.name), w.ctx.config.domain)));
    return c.json({ object: 'list', data });
  });

  app.get('/v1/models/:id', async (c) => {
    const name = c.req.param('id');
    const w = runtime.workers.get(name);
    if (!w) return modelNotFound(c, name, runtime);
    return c.json(modelObject(w.name, await createdAt(w.name), w.ctx.config.domain));
  });

  app.post('/v1/chat/completions', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return bad(c, 'body is not valid JSON; send {"model": "<agent>", "messages": [{"role": "user", "content": "..."}]}', null);
    }
    const parsed = parseChatRequest(body);
    if ('message' in parsed) return bad(c, parsed.message, parsed.param);
    const { request, ignored } = parsed;
    const worker = runtime.workers.get(request.model);
    if (!worker) return modelNotFound(c, request.model, runtime);
    const convo = conversationTask(request.messages, deps.options.historyChars);
    if ('message' in convo) return bad(c, convo.message, convo.param);
    const input = TaskInput.safeParse({ task: convo.text, ...taskFieldsOf(request.metadata) });
    if (!input.success) return bad(c, `metadata: ${describeZodError(input.error)}`, 'metadata');
    const task = newTask(input.data);
    task.extra = { ...task.extra, via: 'openai' };
    // Refusals (queue full: 429, id used: 409, unknown agent) reach onError in OpenAI's shape.
    const watch = await submitWatched(runtime, worker.name, task);
    const headers: Record<string, string> = { 'x-agentos-task': task.id, 'x-agentos-agent': worker.name, ...(ignored.length && { 'x-agentos-ignored': ignored.join(', ').slice(0, 500) }) };
    const signal = AbortSignal.any([c.req.raw.signal, ...(deps.stopping ? [deps.stopping] : [])]);
    const base = { task: task.id, created: Math.floor(Date.now() / 1000), model: worker.name };
    if (request.stream) {
      return streamReply({
        base, watch, signal, waitMs: deps.options.waitMs, keepAliveMs: deps.options.keepAliveMs, includeUsage: request.stream_options?.include_usage === true, headers, log: deps.log,
        reply: (o) => replyFor(worker.ctx, o, deps.approvals),
      });
    }
    // The task is queued from here on: a failure must not make the client retry (a second task).
    try {
      const reply = await replyFor(worker.ctx, await watch.outcome(deps.options.waitMs, signal), deps.approvals);
      return c.json(completion({ ...base, content: reply.text, usage: reply.usage, agentos: extensionOf(reply) }), 200, headers);
    } catch (err) {
      watch.dispose();
      deps.log.error({ err, agent: worker.name, task: task.id }, 'chat completion: reading the task\'s result failed');
      return c.json(openAiError(500, 'INTERNAL', `task ${task.id} was queued for agent ${worker.name}, but its result could not be read; find it at GET /agents/${worker.name}/tasks/${task.id} (do not resend: it would run twice)`), 500, { ...headers, 'x-should-retry': 'false' });
    }
  });

  return app;
}

function bad(c: Context, message: string, param: string | null): Response {
  return c.json(openAiError(400, 'BAD_REQUEST', message, param), 400);
}

function modelNotFound(c: Context, name: string, runtime: Runtime): Response {
  const known = [...runtime.workers.keys()];
  return c.json(openAiError(404, 'UNKNOWN_AGENT', `The model "${name.slice(0, 100)}" does not exist: models are this AgentOS's agents (${known.join(', ') || 'none'}); GET /v1/models lists them`, 'model'), 404);
}
