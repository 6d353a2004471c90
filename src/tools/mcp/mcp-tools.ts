// MCP tools as registry definitions: named mcp__<server>__<tool>, with the server's JSON
// Schema and its annotations (readOnlyHint, destructiveHint) for the policy. Per the MCP
// spec a tool that is not read-only is destructive unless it says destructiveHint: false;
// a tool that says nothing counts as unannotated and so waits for approval by default.
import { jsonSchema } from 'ai';
import { ToolError } from '../errors.ts';
import { matchesAny } from '../policy/globs.ts';
import type { ToolDef } from '../registry.ts';
import type { McpConnection, McpToolInfo } from './connect.ts';

const MAX_RESULT_CHARS = 256 * 1024;

export function mcpToolName(server: string, tool: string): string {
  return `mcp__${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export function annotationsOf(t: McpToolInfo): { annotated: boolean; readOnly: boolean; destructive: boolean } {
  const a = t.annotations ?? {};
  const annotated = typeof a.readOnlyHint === 'boolean' || typeof a.destructiveHint === 'boolean';
  const readOnly = a.readOnlyHint === true;
  return { annotated, readOnly, destructive: !readOnly && a.destructiveHint !== false };
}

interface McpContent {
  type: string;
  text?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string };
}

export function mcpDefs(conn: McpConnection): ToolDef[] {
  const server = conn.server;
  return conn.tools
    .filter((t) => !server.tools || matchesAny(t.name, server.tools))
    .map((t) => ({
      meta: { name: mcpToolName(server.name, t.name), tier: 'mcp' as const, effect: (annotationsOf(t).readOnly ? 'read' : 'write') as 'read' | 'write', mcp: annotationsOf(t) },
      description: `[MCP ${server.name}] ${t.description ?? t.name}`.slice(0, 1024),
      inputSchema: jsonSchema(t.inputSchema as Parameters<typeof jsonSchema>[0]),
      run: async (input: unknown, env: { signal?: AbortSignal }) => {
        let r;
        try {
          r = await conn.client.callTool({ name: t.name, arguments: (input ?? {}) as Record<string, unknown> }, undefined, { timeout: server.timeout_s * 1000, signal: env.signal });
        } catch (e) {
          throw new ToolError('MCP_ERROR', `MCP server '${server.name}' failed on '${t.name}': ${(e as Error).message}`);
        }
        const parts = ((r.content ?? []) as McpContent[]).map((c) =>
          c.type === 'text' ? c.text ?? '' : c.type === 'resource' ? c.resource?.text ?? `[resource ${c.resource?.uri ?? ''}]` : `[${c.type}${c.mimeType ? ` ${c.mimeType}` : ''} content]`,
        );
        let text = parts.join('\n');
        if (text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}\n[… truncated]`;
        if (r.isError) throw new ToolError('MCP_ERROR', `'${t.name}' reported an error: ${text.slice(0, 2000)}`);
        return { content: text, ...(r.structuredContent ? { structured: r.structuredContent } : {}), bytes: Buffer.byteLength(text) };
      },
      source: () => `MCP server ${server.name}, tool ${t.name}`,
    }));
}
