// Wire formats of the scripted server: reading an OpenAI chat-completions or
// Anthropic Messages request, and writing a reply in the same dialect.

export type ScriptFormat = 'openai' | 'anthropic';

export interface ScriptToolCall {
  name: string;
  args: unknown;
}

export interface ScriptMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls?: ScriptToolCall[];
}

export interface ScriptTool {
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface ScriptResponseFormat {
  /** json_tool: Anthropic's fallback, a forced tool named "json". */
  type: 'json_schema' | 'json_object' | 'json_tool';
  schema?: unknown;
}

export interface ScriptRequest {
  body: any;
  messages: ScriptMessage[];
  system: string;
  tools: ScriptTool[];
  responseFormat?: ScriptResponseFormat;
  index: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** A successful model turn: text (or JSON as text), or tool calls. */
export type TurnReply =
  | { text: string; usage?: Usage }
  | { json: unknown; usage?: Usage }
  | { toolCalls: ScriptToolCall[]; text?: string; usage?: Usage };

export type Reply =
  | TurnReply
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { delayMs: number; then: Reply }
  | { hang: true }
  /** Headers and half a body, then the connection is torn down (a reset mid-reply). */
  | { reset: true }
  | { raw: string | Buffer; status?: number };

/** A rough token count (≈ 4 characters a token), so usage paths see real numbers. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: any) => (p?.type === 'text' ? String(p.text ?? '') : p?.type === 'tool_result' ? textOf(p.content) : ''))
    .filter(Boolean)
    .join('\n');
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

export function decodeOpenAI(body: any, index: number): ScriptRequest {
  const messages: ScriptMessage[] = (Array.isArray(body.messages) ? body.messages : []).map((m: any) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    text: textOf(m.content),
    ...(Array.isArray(m.tool_calls) && {
      toolCalls: m.tool_calls.map((c: any) => ({ name: c.function?.name, args: parseArgs(c.function?.arguments) })),
    }),
  }));
  const rf = body.response_format;
  const responseFormat: ScriptResponseFormat | undefined =
    rf?.type === 'json_schema'
      ? { type: 'json_schema', schema: rf.json_schema?.schema }
      : rf?.type === 'json_object'
        ? { type: 'json_object' }
        : undefined;
  return {
    body,
    messages,
    system: messages.filter((m) => m.role === 'system').map((m) => m.text).join('\n'),
    tools: (body.tools ?? []).map((t: any) => ({
      name: t.function?.name,
      description: t.function?.description,
      parameters: t.function?.parameters,
    })),
    responseFormat,
    index,
  };
}

export function decodeAnthropic(body: any, index: number): ScriptRequest {
  const messages: ScriptMessage[] = [];
  for (const m of Array.isArray(body.messages) ? body.messages : []) {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content ?? []);
    const results = blocks.filter((b: any) => b.type === 'tool_result');
    for (const r of results) messages.push({ role: 'tool', text: textOf(r.content) });
    const calls = blocks.filter((b: any) => b.type === 'tool_use').map((b: any) => ({ name: b.name, args: b.input }));
    const text = textOf(blocks.filter((b: any) => b.type === 'text'));
    if (text || calls.length || !results.length) messages.push({ role: m.role, text, ...(calls.length && { toolCalls: calls }) });
  }
  const allTools: any[] = body.tools ?? [];
  const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
  const jsonTool = forced ? allTools.find((t) => t.name === 'json') : undefined;
  const format = body.output_config?.format;
  return {
    body,
    messages,
    system: textOf(body.system),
    tools: allTools
      .filter((t) => t !== jsonTool)
      .map((t) => ({ name: t.name, description: t.description, parameters: t.input_schema })),
    responseFormat: jsonTool
      ? { type: 'json_tool', schema: jsonTool.input_schema }
      : format?.type === 'json_schema'
        ? { type: 'json_schema', schema: format.schema }
        : undefined,
    index,
  };
}

function usageFor(req: ScriptRequest, replyText: string, given?: Usage): Usage {
  return given ?? { inputTokens: estimateTokens(JSON.stringify(req.body.messages ?? '') + req.system), outputTokens: estimateTokens(replyText) };
}

export function encodeTurn(format: ScriptFormat, req: ScriptRequest, reply: TurnReply, model: string): object {
  const n = req.index + 1;
  const text = 'json' in reply ? JSON.stringify(reply.json) : (reply.text ?? '');
  const calls = 'toolCalls' in reply ? reply.toolCalls : [];
  const usage = usageFor(req, text + JSON.stringify(calls), reply.usage);
  if (format === 'openai') {
    return {
      id: `chatcmpl-scripted-${n}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: calls.length && !text ? null : text,
            ...(calls.length && {
              tool_calls: calls.map((c, i) => ({
                id: `call_${n}_${i}`,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.args ?? {}) },
              })),
            }),
          },
          finish_reason: calls.length ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
    };
  }
  const content: object[] = [];
  // Anthropic without native structured output forces a "json" tool: answer through it.
  if ('json' in reply && req.responseFormat?.type === 'json_tool') {
    content.push({ type: 'tool_use', id: `toolu_${n}_json`, name: 'json', input: reply.json });
  } else if (text) content.push({ type: 'text', text });
  calls.forEach((c, i) => content.push({ type: 'tool_use', id: `toolu_${n}_${i}`, name: c.name, input: c.args ?? {} }));
  const usesTool = content.some((c: any) => c.type === 'tool_use');
  return {
    id: `msg_scripted_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: usesTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

export function errorBody(format: ScriptFormat, status: number, message: string): object {
  return format === 'openai'
    ? { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: status } }
    : { type: 'error', error: { type: status >= 500 ? 'api_error' : 'invalid_request_error', message } };
}
