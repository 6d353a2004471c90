// The overview: agents and their queues, spend against budget, requests waiting for a person,
// the live activity feed, proposals and votes, dead letters. Refreshed as events arrive.
import { api } from './api.js';
import { approvalCard } from './approvals.js';
import { enc, fmt, h, mount, section, table } from './dom.js';

function spendCell(b) {
  if (!b) return '—';
  const limit = b.limitUsd ?? null;
  const bar = limit ? h('progress', { max: String(limit), value: String(Math.min(b.spentUsd, limit)), title: `${fmt.usd(b.spentUsd)} of ${fmt.usd(limit)}` }) : null;
  return h('span', {}, `${fmt.usd(b.spentUsd)}${limit ? ` / ${fmt.usd(limit)}` : ''} · ${b.tokens} tok${b.limitTokens ? ` / ${b.limitTokens}` : ''}`, bar, b.paused ? h('span', { class: 'badge warn' }, 'paused') : null);
}

function describe(e) {
  const t = e.task ?? '';
  switch (e.type) {
    case 'task.queued': return `queued ${t}: ${e.title}`;
    case 'task.started': return `started ${t}${e.resumed ? ' (resumed)' : ''}`;
    case 'task.completed': return `committed ${t}: reward ${fmt.sign(e.reward)}, audit ${fmt.sign(e.auditScore)} (${e.model ?? ''}, ${(e.durationMs / 1000).toFixed(1)} s)`;
    case 'task.dead_lettered': return `dead-lettered ${t}: ${e.reason}`;
    case 'task.rejected': return `rejected ${t}: ${e.reason}`;
    case 'task.paused': return `paused ${t}: waiting for a person`;
    case 'task.model': return `model answered ${t} in ${(e.modelMs / 1000).toFixed(1)} s`;
    case 'model.call': return `model ${e.model} (${e.tier}) ${e.ok ? 'ok' : 'failed'}, ${e.inputTokens}+${e.outputTokens} tokens`;
    case 'tool.called': return `tool ${e.tool} ${e.ok ? 'ok' : `failed ${e.error ?? ''}`} (${e.ms} ms)`;
    case 'approval.waiting': return `waits for a person: ${e.kind} ${e.tool ?? ''} (${e.request})`;
    case 'approval.decided': return `${e.request} ${e.decision} by ${e.by}`;
    case 'proposal.filed': return `proposed ${e.proposal}: ${e.subject}`;
    case 'vote.cast': return `voted ${e.vote} on ${e.proposal} (${e.decision})`;
    case 'proposal.decided': return `${e.proposal} ${e.status}`;
    case 'agent.paused': return `paused until ${e.resumesAt}: ${e.reason}`;
    case 'agent.resumed': return 'resumed';
    case 'gap': return `missed ${e.missed ?? 'some'} event(s): ${e.reason}`;
    default: return e.type;
  }
}

/** The live feed as a list; `agent` narrows it. Returns the element and its unsubscribe. */
export function feedList(feed, agent) {
  const list = h('ol', { class: 'feed', id: 'feed' });
  const row = ({ at, e }) => h('li', { class: `ev ${e.type.replace('.', '-')}`, 'data-kind': e.type },
    h('time', {}, fmt.clock(at)), ' ', e.agent ? h('a', { href: `#/agent/${enc(e.agent)}` }, e.agent) : '', ' ',
    e.task && e.agent ? h('a', { href: `#/agent/${enc(e.agent)}/task/${enc(e.task)}` }, describe(e)) : describe(e));
  const keep = (x) => !agent || x.e.agent === agent;
  mount(list, feed.items.filter(keep).slice(0, 100).map(row));
  if (!list.children.length) list.append(h('li', { class: 'muted empty' }, 'Nothing yet: events appear here as they happen.'));
  const on = (e) => {
    const item = feed.items[0];
    if (!keep(item) || item.e !== e) return;
    list.querySelector('.empty')?.remove();
    list.prepend(row(item));
    while (list.children.length > 100) list.lastChild.remove();
  };
  feed.listeners.add(on);
  return { el: list, dispose: () => feed.listeners.delete(on) };
}

export async function renderOverview(main, feed) {
  const agentsBox = h('div');
  const approvalsBox = h('div', { id: 'approvals' });
  const proposalsBox = h('div');
  const deadBox = h('div');
  const live = feedList(feed);

  async function loadAgents() {
    const { agents } = await api('/agents');
    const details = await Promise.all(agents.map((a) => api(`/agents/${enc(a.name)}`).catch(() => null)));
    mount(agentsBox, table(['agent', 'domain', 'state', 'queued', 'completed', 'failed', 'dead-lettered', 'spend today'], agents.map((a, i) => [
      h('a', { href: `#/agent/${enc(a.name)}`, class: 'agent-link' }, a.name), a.domain ?? '',
      a.paused ? h('span', { class: 'badge warn' }, 'paused') : a.busy ? h('span', { class: 'badge busy' }, 'working') : h('span', { class: 'badge' }, 'idle'),
      String(details[i]?.queued?.length ?? '?'), String(a.completed), String(a.failed), String(a.deadLettered), spendCell(details[i]?.budget),
    ]), 'no agents in agents.yaml'));
  }
  async function loadApprovals() {
    const { requests } = await api('/approvals');
    const pending = requests.filter((r) => r.status === 'pending');
    mount(approvalsBox, pending.length ? pending.map((r) => approvalCard(r, () => void loadApprovals())) : h('p', { class: 'muted' }, 'Nothing waits for a person.'));
  }
  async function loadProposals() {
    const { open, archived, segments } = await api('/proposals');
    const votes = (p) => p.votes.map((v) => `${v.voter}: ${v.vote}${v.reason ? ` (${v.reason})` : ''}`).join('; ') || 'no votes yet';
    mount(proposalsBox,
      table(['proposal', 'subject', 'proposer', 'status', 'claim', 'votes'], [...open, ...archived].slice(0, 100).map((p) => [p.id, p.subject, p.proposer, p.status, p.claim, votes(p)]), 'no proposals'),
      segments.length ? h('p', { class: 'muted' }, `Shared segments: ${segments.map((s) => `${s.topic} (${s.status})`).join(', ')}`) : null);
  }
  async function loadDead() {
    const d = await api('/dead-letters');
    mount(deadBox, table(['agent', 'task', 'kind', 'reason', 'failed'], [...d.agents, ...d.shared].slice(-100).reverse().map((x) => [
      x.agent ?? x.source, x.task && x.agent ? h('a', { href: `#/agent/${enc(x.agent)}/task/${enc(x.task)}` }, x.task) : (x.task ?? x.file), x.kind ?? x.status ?? '', x.reason ?? x.problem ?? '', fmt.time(x.failed_at ?? x.escalated_at),
    ]), 'no dead letters'));
  }

  mount(main,
    h('div', { class: 'grid' },
      h('div', { class: 'col' }, section('Agents', agentsBox), section('Waiting for a person', approvalsBox), section('Proposals and votes', proposalsBox), section('Dead letters', deadBox)),
      h('div', { class: 'col side' }, section('Live activity', live.el))));
  await Promise.all([loadAgents(), loadApprovals(), loadProposals(), loadDead()]);

  const timers = new Map();
  const soon = (key, fn) => {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => fn().catch(() => {}), 300));
  };
  const on = (e) => {
    if (e.type.startsWith('task.') || e.type.startsWith('agent.')) soon('agents', loadAgents);
    if (e.type.startsWith('approval.') || e.type === 'task.paused' || e.type === 'task.completed') soon('approvals', loadApprovals);
    if (e.type.startsWith('proposal.') || e.type === 'vote.cast') soon('proposals', loadProposals);
    if (e.type === 'task.dead_lettered') soon('dead', loadDead);
  };
  feed.listeners.add(on);
  return { dispose() { feed.listeners.delete(on); live.dispose(); for (const t of timers.values()) clearTimeout(t); } };
}
