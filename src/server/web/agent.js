// One agent: state, queue, spend against budget, learning curves, skills, the world graph, the
// newest tasks (each linking to its context.md and commit) and its live activity.
import { api } from './api.js';
import { learningCharts } from './charts.js';
import { enc, fmt, h, mount, section, table } from './dom.js';
import { worldView } from './graph.js';
import { feedList } from './overview.js';

export async function renderAgent(main, name, feed) {
  const [status, report, world, tasks] = await Promise.all([
    api(`/agents/${enc(name)}`), api(`/agents/${enc(name)}/report`), api(`/agents/${enc(name)}/world`), api(`/agents/${enc(name)}/tasks?limit=30`),
  ]);
  const b = status.budget;
  const p = report.progress;
  const live = feedList(feed, name);
  mount(main,
    h('h1', {}, name, ' ', h('span', { class: 'muted' }, status.domain ?? '')),
    h('div', { class: 'grid' },
      h('div', { class: 'col' },
        section('Now',
          h('p', {}, status.paused ? h('span', { class: 'badge warn' }, `paused: ${status.paused.reason}`) : status.busy ? h('span', { class: 'badge busy' }, 'working') : h('span', { class: 'badge' }, 'idle'),
            ` · ${report.stats.completed} completed, ${report.stats.failed} failed, ${report.stats.deadLettered} dead-lettered`),
          h('p', {}, `Spend today (${b.day}): ${fmt.usd(b.spentUsd)}${b.limitUsd !== null ? ` of ${fmt.usd(b.limitUsd)}` : ' (no budget set)'}, ${b.tokens} tokens${b.limitTokens !== null ? ` of ${b.limitTokens}` : ''}, ${b.calls} calls`),
          h('h3', {}, `Queue (${status.queued.length})`),
          table(['task', 'priority', 'created', 'waiting on'], status.queued.map((q) => [h('a', { href: `#/agent/${enc(name)}/task/${enc(q.id)}` }, q.id), q.priority, fmt.time(q.created), q.waitingOn?.join(', ') ?? '']), 'empty')),
        section('Learning',
          h('p', {}, `${p.tasks} tasks · success over time ${p.success_over_time.map((w) => fmt.pct(w.success)).join(' → ') || '—'} · reward slope ${p.reward_trend.slope_per_100} per 100 tasks · skill reuse ${fmt.pct(p.skill_reuse_rate)} · hypothesis promotion ${fmt.pct(p.hypothesis_promotion_rate)} · audit divergence ${fmt.pct(p.audit_divergence_rate)}`),
          learningCharts(report),
          h('h3', {}, `Skills (${report.skills.length})`),
          table(['skill', 'evidence', 'last success'], report.skills.map((s) => [s.name, String(s.evidence), fmt.time(s.lastSuccess)]), 'none earned yet')),
        section(`World model (${report.current.entities} entities, ${report.current.relations} relations, ${report.current.hypotheses} hypotheses)`, worldView(name, world)),
        section('Newest tasks', table(['task', 'date', 'outcome'], tasks.tasks.map((t) => [h('a', { href: `#/agent/${enc(name)}/task/${enc(t.task)}` }, t.task), fmt.time(t.date), t.kind === 'dead-letter' ? 'dead-lettered' : t.summary]), 'none yet'))),
      h('div', { class: 'col side' }, section('Live activity', live.el))));
  return { dispose: live.dispose };
}
