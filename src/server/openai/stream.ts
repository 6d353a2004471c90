// A streamed chat completion (`stream: true`): Server-Sent Events as OpenAI sends them. First a
// chunk with the assistant's role; while the task runs, its progress as SSE comment lines (clients
// skip them; they keep proxies from closing an idle stream) and a keep-alive comment every
// `keepAliveMs`; then the answer, a chunk with finish_reason, the usage chunk when asked
// (stream_options.include_usage), and `data: [DONE]`. A client that goes away stops the stream,
// never the task.
import type { RuntimeEvent } from '../../kernel/index.ts';
import type { Logger } from '../../telemetry/index.ts';
import type { TaskReply } from '../task-reply.ts';
import { stillRunningText } from '../task-text.ts';
import type { TaskOutcome, TaskWatch } from '../task-watch.ts';
import { chunkFrame, DONE_FRAME, extensionOf, finishReasonOf, usageOf, type ChunkBase } from './format.ts';

export interface StreamOptions {
  base: ChunkBase;
  watch: TaskWatch;
  signal: AbortSignal;
  waitMs: number;
  keepAliveMs: number;
  includeUsage: boolean;
  headers: Record<string, string>;
  log: Logger;
  reply: (o: TaskOutcome) => Promise<TaskReply>;
}

const HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' };

/** One comment line for a progress event (no task text, no answer: events carry none). */
export function progressComment(e: RuntimeEvent): string {
  switch (e.type) {
    case 'task.started': return `: agentos task.started${e.resumed ? ' (resumed)' : ''}\n\n`;
    case 'model.call': return `: agentos model.call ${e.tier} ${e.model} ${e.ok ? 'ok' : 'failed'} ${e.ms} ms\n\n`;
    case 'tool.called': return `: agentos tool.called ${e.tool} ${e.ok ? 'ok' : 'failed'} ${e.ms} ms\n\n`;
    case 'approval.waiting': return `: agentos approval.waiting ${e.request}\n\n`;
    case 'approval.decided': return `: agentos approval.decided ${e.request} ${e.decision}\n\n`;
    default: return `: agentos ${e.type}\n\n`;
  }
}

export function streamReply(o: StreamOptions): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let keepAlive: NodeJS.Timeout | undefined;
  const stop = () => {
    closed = true;
    clearInterval(keepAlive);
  };
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      send(chunkFrame(o.base, { role: 'assistant', content: '' }, null));
      o.watch.onProgress((e) => send(progressComment(e)));
      keepAlive = setInterval(() => send(': keep-alive\n\n'), o.keepAliveMs);
      keepAlive.unref();
      const outcome = await o.watch.outcome(o.waitMs, o.signal);
      clearInterval(keepAlive);
      if (closed) return; // the client went away: the task goes on without it
      let reply: TaskReply;
      try {
        reply = await o.reply(outcome);
      } catch (err) {
        o.log.error({ err, task: o.base.task }, 'chat completion stream: reading the task\'s result failed');
        reply = { status: 'running', agent: o.base.model, task: o.base.task, text: stillRunningText(o.base.model, o.base.task, 0), usage: { input: 0, output: 0, calls: 0 } };
      }
      if (reply.text) send(chunkFrame(o.base, { content: reply.text }, null));
      send(chunkFrame(o.base, {}, finishReasonOf(reply.status), { agentos: extensionOf(reply) }));
      if (o.includeUsage) send(chunkFrame(o.base, {}, null, { usage: usageOf(reply.usage), noChoices: true }));
      send(DONE_FRAME);
      stop();
      try {
        controller.close();
      } catch {
        // already closed by the reader
      }
    },
    cancel() {
      stop();
      o.watch.dispose();
    },
  });
  return new Response(body, { headers: { ...HEADERS, ...o.headers } });
}
