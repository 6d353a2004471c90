// A chat-completions request as OpenAI clients send it, and how it becomes one AgentOS task: the
// last message (from the user) is the task; earlier turns ride along as context, newest first
// until AGENTOS_CHAT_HISTORY characters, each clipped, oldest kept first. Fields OpenAI defines
// that AgentOS has no use for are accepted and reported as ignored, never refused. Pure.
import { z } from 'zod';
import { describeZodError } from '../../kernel/index.ts';

/** Messages a request may carry (the history bound applies on top). */
export const MAX_MESSAGES = 1000;
/** Characters of one earlier turn carried into the task (the rest is cut with a mark). */
export const TURN_MAX_CHARS = 4000;
/** An AgentOS task's longest text (kernel's TaskInput). */
export const TASK_MAX_CHARS = 65_536;

const Part = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const Message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(Part), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(z.object({ function: z.object({ name: z.string() }).passthrough().optional() }).passthrough()).nullable().optional(),
}).passthrough();
export type ChatMessage = z.infer<typeof Message>;

/** Request fields AgentOS reads; every other field is accepted and listed as ignored. */
export const MAPPED_FIELDS = ['model', 'messages', 'stream', 'stream_options', 'n', 'metadata'] as const;

export const ChatRequest = z.object({
  model: z.string().min(1, 'model: name an agent (GET /v1/models lists them)'),
  messages: z.array(Message).min(1, 'messages: send at least one message').max(MAX_MESSAGES, `messages: at most ${MAX_MESSAGES}`),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().nullable().optional() }).passthrough().nullable().optional(),
  n: z.literal(1, 'n: an agent gives one answer per task; send n: 1 or leave it out').nullable().optional(),
  /** metadata.task_id, metadata.priority (high|normal|low), metadata.tags (comma-separated) map onto the task. */
  metadata: z.record(z.string(), z.string()).nullable().optional(),
}).passthrough();
export type ChatRequest = z.infer<typeof ChatRequest>;

export interface BadRequest {
  message: string;
  param: string | null;
}

export function parseChatRequest(body: unknown): { request: ChatRequest; ignored: string[] } | BadRequest {
  const parsed = ChatRequest.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { message: `invalid chat request: ${describeZodError(parsed.error)}`, param: first?.path.length ? first.path.join('.') : null };
  }
  const known = new Set<string>(MAPPED_FIELDS);
  const ignored = Object.keys(body as object).filter((k) => !known.has(k) && (body as Record<string, unknown>)[k] !== undefined);
  return { request: parsed.data, ignored };
}

/** The task's text: the last user message, then the earlier turns that fit, oldest first. */
export function conversationTask(messages: readonly ChatMessage[], historyChars: number): { text: string; turns: number; leftOut: number } | BadRequest {
  const texts: string[] = [];
  for (const [i, m] of messages.entries()) {
    const t = textOf(m, i);
    if (typeof t !== 'string') return t;
    texts.push(t);
  }
  const last = messages.length - 1;
  if (messages[last].role !== 'user') return { message: `messages: the last message must come from the user (got "${messages[last].role}"); it becomes the agent's task`, param: 'messages' };
  const request = texts[last].trim();
  if (!request) return { message: `messages.${last}.content: the user's message is empty; say what the agent should do`, param: `messages.${last}.content` };
  const header = (n: number, left: number) => `\n\n---\nEarlier in this conversation (${n} message${n === 1 ? '' : 's'}, oldest first${left ? `; ${left} older left out` : ''}), for context:\n`;
  const room = Math.min(historyChars, TASK_MAX_CHARS - request.length - header(MAX_MESSAGES, MAX_MESSAGES).length);
  if (request.length > TASK_MAX_CHARS) return { message: `messages.${last}.content: ${request.length} characters; an AgentOS task is at most ${TASK_MAX_CHARS}`, param: `messages.${last}.content` };
  const turns: string[] = [];
  let used = 0;
  for (let i = last - 1; i >= 0 && room > 0; i--) {
    const body = texts[i].trim();
    if (!body) continue;
    const clipped = body.length > TURN_MAX_CHARS ? `${body.slice(0, TURN_MAX_CHARS)} […clipped]` : body;
    const turn = `[${labelOf(messages[i])}] ${clipped}`;
    if (used + turn.length + 1 > room) break;
    turns.unshift(turn);
    used += turn.length + 1;
  }
  const earlier = texts.slice(0, last).filter((t) => t.trim()).length;
  if (!turns.length) return { text: request, turns: 0, leftOut: earlier };
  return { text: `${request}${header(turns.length, earlier - turns.length)}${turns.join('\n')}`, turns: turns.length, leftOut: earlier - turns.length };
}

function labelOf(m: ChatMessage): string {
  if (m.role === 'developer' || m.role === 'system') return 'system (from the client)';
  if (m.role === 'function') return 'tool';
  return m.name ? `${m.role} ${m.name.slice(0, 40)}` : m.role;
}

function textOf(m: ChatMessage, i: number): string | BadRequest {
  const calls = (m.tool_calls ?? []).map((c) => c.function?.name).filter(Boolean);
  const suffix = calls.length ? `(called ${calls.join(', ')})` : '';
  if (m.content === undefined || m.content === null) return suffix;
  if (typeof m.content === 'string') return suffix ? `${m.content}\n${suffix}` : m.content;
  const parts: string[] = [];
  for (const [j, p] of m.content.entries()) {
    if (p.type !== 'text' && p.type !== 'input_text') {
      return { message: `messages.${i}.content.${j}: only text parts reach an agent (got "${String(p.type).slice(0, 40)}"); send the content as text`, param: `messages.${i}.content` };
    }
    parts.push(p.text ?? '');
  }
  return [parts.join('\n'), suffix].filter(Boolean).join('\n');
}

/** metadata.task_id / priority / tags as task fields (validated by the kernel's TaskInput). */
export function taskFieldsOf(metadata: Record<string, string> | null | undefined): { id?: string; priority?: string; tags?: string[] } {
  if (!metadata) return {};
  const tags = metadata.tags?.split(',').map((t) => t.trim()).filter(Boolean);
  return {
    ...(metadata.task_id !== undefined && { id: metadata.task_id }),
    ...(metadata.priority !== undefined && { priority: metadata.priority }),
    ...(tags?.length && { tags }),
  };
}
