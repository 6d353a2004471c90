// Seed 000's route table, read from the agent's constraints.md so a person can edit it:
//
//   | reasoning_demand | route |
//   |------------------|-------|
//   | routine          | cheap-fast |
//   | consensus        | strongest multi-agent |
//
// A row that cannot be read is a warning with file:line; its demand keeps the default route.
import { TIER_NAMES, type TierName } from '../../config/index.ts';

export const DEMANDS = ['routine', 'moderate', 'novel', 'consensus'] as const;
export type Demand = (typeof DEMANDS)[number];

export interface Route {
  tier: TierName;
  /** Several calls aggregated (seed 000's "strongest multi-agent"). */
  consensus: boolean;
  /** Calls for a consensus route, when the row names a count ("strongest x3"). */
  calls?: number;
}

export type RouteTable = Record<Demand, Route>;

export const DEFAULT_ROUTE_TABLE: RouteTable = {
  routine: { tier: 'cheap-fast', consensus: false },
  moderate: { tier: 'balanced', consensus: false },
  novel: { tier: 'strongest', consensus: false },
  consensus: { tier: 'strongest', consensus: true },
};

export interface ParsedRouteTable {
  table: RouteTable;
  /** "constraints.md:12: ..." lines for a person to fix. */
  warnings: string[];
  /** 1-based line of the table header, when one was found. */
  line?: number;
}

// Words people use for the tiers, including the seed's own "mid-tier".
const TIER_ALIASES: Record<string, TierName> = {
  'cheap-fast': 'cheap-fast', cheap: 'cheap-fast', fast: 'cheap-fast', small: 'cheap-fast', weak: 'cheap-fast',
  balanced: 'balanced', mid: 'balanced', 'mid-tier': 'balanced', medium: 'balanced',
  strongest: 'strongest', strong: 'strongest', premium: 'strongest', best: 'strongest',
};
const MULTI_WORDS = new Set(['multi-agent', 'multi', 'consensus', 'ensemble', 'vote', 'majority']);

const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
const isTableLine = (line: string) => /^\s*\|/.test(line);

export function parseRouteTable(text: string, file = 'constraints.md'): ParsedRouteTable {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((l) => isTableLine(l) && /reasoning_demand/i.test(l) && /\broute\b/i.test(l));
  if (header < 0) {
    return { table: { ...DEFAULT_ROUTE_TABLE }, warnings: [`${file}:1: no route table ("| reasoning_demand | route |"); using the default routes`] };
  }
  const names = cells(lines[header]).map((c) => c.toLowerCase());
  const demandCol = names.findIndex((c) => c === 'reasoning_demand');
  const routeCol = names.findIndex((c) => c === 'route');
  const at = (i: number) => `${file}:${i + 1}`;
  const warnings: string[] = [];
  if (demandCol < 0 || routeCol < 0) {
    return { table: { ...DEFAULT_ROUTE_TABLE }, warnings: [`${at(header)}: the table needs columns "reasoning_demand" and "route"; using the default routes`], line: header + 1 };
  }
  if (!/^\s*\|?[\s:|-]+\|?\s*$/.test(lines[header + 1] ?? '') || !(lines[header + 1] ?? '').includes('-')) {
    return { table: { ...DEFAULT_ROUTE_TABLE }, warnings: [`${at(header + 1)}: expected the separator row "|---|---|" under the header; using the default routes`], line: header + 1 };
  }
  const table: Partial<RouteTable> = {};
  for (let i = header + 2; i < lines.length && isTableLine(lines[i]); i++) {
    const row = cells(lines[i]);
    const demand = (row[demandCol] ?? '').toLowerCase();
    if (!(DEMANDS as readonly string[]).includes(demand)) {
      warnings.push(`${at(i)}: unknown reasoning_demand "${row[demandCol] ?? ''}" (expected ${DEMANDS.join(', ')}); row ignored`);
      continue;
    }
    const route = parseRoute(row[routeCol] ?? '', demand as Demand);
    if (typeof route === 'string') {
      warnings.push(`${at(i)}: ${route}; "${demand}" keeps the default route`);
      continue;
    }
    if (table[demand as Demand]) {
      warnings.push(`${at(i)}: a second row for "${demand}"; the first one is used`);
      continue;
    }
    table[demand as Demand] = route;
  }
  for (const d of DEMANDS) {
    if (!table[d]) {
      if (!warnings.some((w) => w.includes(`"${d}" keeps`))) warnings.push(`${at(header)}: no row for "${d}"; using the default (${describeRoute(DEFAULT_ROUTE_TABLE[d])})`);
      table[d] = DEFAULT_ROUTE_TABLE[d];
    }
  }
  return { table: table as RouteTable, warnings, line: header + 1 };
}

function parseRoute(cell: string, demand: Demand): Route | string {
  const words = cell.toLowerCase().split(/[\s,+]+/).filter(Boolean);
  if (words.length === 0) return 'empty route';
  const tier = TIER_ALIASES[words[0]];
  if (!tier) return `unknown tier "${words[0]}" (expected ${TIER_NAMES.join(', ')})`;
  let consensus = demand === 'consensus';
  let calls: number | undefined;
  for (const w of words.slice(1)) {
    const n = /^[x×](\d+)$/.exec(w);
    if (n) {
      calls = Number(n[1]);
      consensus = calls > 1;
    } else if (MULTI_WORDS.has(w)) consensus = true;
    else return `unknown route word "${w}" (expected a tier, then optionally "multi-agent" or "x3")`;
  }
  if (calls !== undefined && (calls < 2 || calls > 7)) return `consensus calls ${calls} out of range (2 to 7)`;
  return { tier, consensus, ...(calls !== undefined && { calls }) };
}

export function describeRoute(r: Route): string {
  return r.consensus ? `${r.tier} multi-agent${r.calls ? ` x${r.calls}` : ''}` : r.tier;
}
