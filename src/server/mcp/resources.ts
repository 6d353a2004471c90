// The MCP server's resources: an agent's mind as it is on disk (Markdown), by URI template.
//   agentos://agents/{agent}/persona                  persona.md
//   agentos://agents/{agent}/skills                   skills.md (the skill index)
//   agentos://agents/{agent}/skills/{skill}           skills/<skill>/SKILL.md
//   agentos://agents/{agent}/world                    world/index.md
//   agentos://agents/{agent}/world/{kind}/{record}    world/<entities|relations|hypotheses>/<record>.md
//   agentos://shared/segments/{topic}                 shared/iac/segments/<topic>.md (consensus)
// Every variable is checked against a strict name pattern before it becomes a path; listings are
// bounded (LIST_MAX per template).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '../../kernel/index.ts';
import { sharedPaths } from '../../store/index.ts';

/** Resources listed per template at most (a read by URI works for every record). */
export const LIST_MAX = 500;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const WORLD_KINDS = ['entities', 'relations', 'hypotheses'] as const;
const MD = 'text/markdown';

function notFound(uri: string, why: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `resource ${uri} not found: ${why}`);
}

function name(uri: string, value: string | string[] | undefined, what: string): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !NAME.test(v) || v.includes('..')) throw notFound(uri, `${what} must be a name of letters, digits, ".", "_" or "-"`);
  return v;
}

async function read(uri: string, file: string) {
  try {
    return { contents: [{ uri, mimeType: MD, text: await readFile(file, 'utf8') }] };
  } catch {
    throw notFound(uri, 'no such record');
  }
}

async function names(dir: string, filter: (n: string) => boolean): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(filter).sort().slice(0, LIST_MAX);
  } catch {
    return [];
  }
}

export function registerResources(server: McpServer, runtime: Runtime): void {
  const agents = () => [...runtime.workers.keys()];
  const rootOf = (uri: string, v: string | string[] | undefined) => {
    const agent = name(uri, v, 'the agent');
    const w = runtime.workers.get(agent);
    if (!w) throw notFound(uri, `no agent named "${agent}" (agents: ${agents().join(', ') || 'none'})`);
    return w.ctx.paths;
  };
  const perAgent = (suffix: string, title: string) => ({ resources: agents().slice(0, LIST_MAX).map((a) => ({ uri: `agentos://agents/${a}/${suffix}`, name: `${a} ${title}`, mimeType: MD })) });
  const complete = { agent: () => agents() };

  server.registerResource('persona', new ResourceTemplate('agentos://agents/{agent}/persona', { list: async () => perAgent('persona', 'persona'), complete }),
    { title: "An agent's persona", description: 'persona.md: who the agent is', mimeType: MD },
    (uri, v) => read(uri.href, rootOf(uri.href, v.agent).persona));

  server.registerResource('skills-index', new ResourceTemplate('agentos://agents/{agent}/skills', { list: async () => perAgent('skills', 'skill index'), complete }),
    { title: "An agent's skill index", description: 'skills.md: the earned skills within budget', mimeType: MD },
    (uri, v) => read(uri.href, rootOf(uri.href, v.agent).skillsIndex));

  server.registerResource('skill', new ResourceTemplate('agentos://agents/{agent}/skills/{skill}', {
    list: async () => {
      const resources = [];
      for (const a of agents()) {
        for (const s of await names(runtime.worker(a).ctx.paths.skillsDir, (n) => NAME.test(n))) resources.push({ uri: `agentos://agents/${a}/skills/${s}`, name: `${a} skill ${s}`, mimeType: MD });
        if (resources.length >= LIST_MAX) break;
      }
      return { resources: resources.slice(0, LIST_MAX) };
    },
    complete,
  }), { title: 'An earned skill', description: 'skills/<skill>/SKILL.md (Agent Skills format)', mimeType: MD },
  (uri, v) => read(uri.href, path.join(rootOf(uri.href, v.agent).skillsDir, name(uri.href, v.skill, 'the skill'), 'SKILL.md')));

  server.registerResource('world-index', new ResourceTemplate('agentos://agents/{agent}/world', { list: async () => perAgent('world', 'world index'), complete }),
    { title: "An agent's world model index", description: 'world/index.md', mimeType: MD },
    (uri, v) => read(uri.href, rootOf(uri.href, v.agent).worldIndex));

  server.registerResource('world-record', new ResourceTemplate('agentos://agents/{agent}/world/{kind}/{record}', {
    list: async () => {
      const resources = [];
      for (const a of agents()) {
        for (const kind of WORLD_KINDS) {
          for (const f of await names(path.join(runtime.worker(a).ctx.paths.worldDir, kind), (n) => n.endsWith('.md') && NAME.test(n))) {
            resources.push({ uri: `agentos://agents/${a}/world/${kind}/${f.slice(0, -3)}`, name: `${a} world/${kind}/${f.slice(0, -3)}`, mimeType: MD });
          }
        }
        if (resources.length >= LIST_MAX) break;
      }
      return { resources: resources.slice(0, LIST_MAX) };
    },
    complete: { ...complete, kind: () => [...WORLD_KINDS] },
  }), { title: 'A world model record', description: 'world/<entities|relations|hypotheses>/<record>.md: a belief with confidence and evidence', mimeType: MD },
  (uri, v) => {
    const kind = name(uri.href, v.kind, 'the kind');
    if (!(WORLD_KINDS as readonly string[]).includes(kind)) throw notFound(uri.href, `kind must be one of ${WORLD_KINDS.join(', ')}`);
    return read(uri.href, path.join(rootOf(uri.href, v.agent).worldDir, kind, `${name(uri.href, v.record, 'the record')}.md`));
  });

  const segments = sharedPaths(runtime.opts.dataDir).segments;
  server.registerResource('segment', new ResourceTemplate('agentos://shared/segments/{topic}', {
    list: async () => ({ resources: (await names(segments, (n) => n.endsWith('.md') && NAME.test(n))).map((f) => ({ uri: `agentos://shared/segments/${f.slice(0, -3)}`, name: `segment ${f.slice(0, -3)}`, mimeType: MD })) }),
  }), { title: 'A shared segment', description: 'shared/iac/segments/<topic>.md: a truth the agents agreed on by consensus', mimeType: MD },
  (uri, v) => read(uri.href, path.join(segments, `${name(uri.href, v.topic, 'the topic')}.md`)));
}
