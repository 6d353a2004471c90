// An agent's agents.yaml entry made portable (pure): the top-level defaults it relied on folded
// in, so it behaves the same in another data directory, and values that may hold secrets left
// out (MCP server env and headers; a key is never in agents.yaml: the schema refuses it).
// Adding an entry to another agents.yaml keeps that file's comments and order.
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { PortableError } from './errors.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const merged = (...parts: unknown[]): Obj | undefined => {
  const out = Object.assign({}, ...parts.filter(isObj)) as Obj;
  return Object.keys(out).length ? out : undefined;
};

export interface PortableEntry {
  entry: Obj;
  /** Paths of values left out, e.g. "mcp_servers[0].headers.Authorization". */
  removed: string[];
}

/** `top` is the whole agents.yaml as data, `raw` the agent's entry in it, both as written. */
export function portableEntry(top: Obj, raw: Obj): PortableEntry {
  const entry = structuredClone(raw);
  const skills = isObj(top.skills) ? top.skills : {};
  const budgets = merged(typeof skills.max_entries === 'number' ? { skills: skills.max_entries } : {}, top.budgets, entry.budgets);
  if (budgets) entry.budgets = budgets;
  if (entry.skill_half_life_days === undefined && typeof skills.decay_halflife_days === 'number') entry.skill_half_life_days = skills.decay_halflife_days;
  for (const key of ['world', 'reward_audit', 'context']) {
    const m = merged(top[key], entry[key]);
    if (m) entry[key] = m;
  }
  const globalModels = isObj(top.models) ? { ...top.models } : {};
  delete globalModels.circuit; // global only: belongs to the runtime, not the agent
  const models = merged(globalModels, entry.models);
  if (models) entry.models = models;

  const removed: string[] = [];
  if (Array.isArray(entry.mcp_servers)) {
    entry.mcp_servers.forEach((s: unknown, i) => {
      if (!isObj(s)) return;
      for (const key of ['env', 'headers']) {
        if (!isObj(s[key])) continue;
        for (const name of Object.keys(s[key])) removed.push(`mcp_servers[${i}].${key}.${name}`);
        delete s[key];
      }
    });
  }
  const { name, ...rest } = entry;
  return { entry: { name, ...rest }, removed };
}

/** The names of the agents in an agents.yaml text ([] when there is none yet). */
export function agentNames(source: string | undefined): string[] {
  if (!source) return [];
  const agents = parseDocument(source).get('agents');
  if (!isSeq(agents)) return [];
  return agents.items.map((i) => (isMap(i) ? String(i.get('name')) : '')).filter(Boolean);
}

/**
 * agents.yaml text with `entry` appended under `name` (a new file when `source` is undefined).
 * Refuses a name that is already there. The caller validates the result with the config loader.
 */
export function withEntry(source: string | undefined, entry: Obj, name: string): string {
  if (agentNames(source).includes(name)) {
    throw new PortableError('AGENT_EXISTS', `agents.yaml already has an agent named "${name}"; import under another name with --as NAME`);
  }
  const doc = parseDocument(source ?? 'agents: []\n');
  if (!isMap(doc.contents)) throw new PortableError('ARCHIVE_INVALID', 'agents.yaml is not a mapping with an "agents:" list; fix it first');
  let agents = doc.get('agents');
  if (!isSeq(agents)) {
    agents = new YAMLSeq();
    doc.set('agents', agents);
  }
  const { name: _old, ...rest } = entry;
  const node = doc.createNode({ name, ...rest });
  (agents as YAMLSeq).items.push(node);
  // A flow sequence (`agents: []`) would put the whole entry on one line: make it a block.
  (agents as YAMLSeq).flow = false;
  return doc.toString({ lineWidth: 0 });
}
