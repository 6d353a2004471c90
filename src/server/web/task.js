// One task: its commit (outcome, routing, context figures, what was learned, tool calls, answer)
// and the context.md it was given, both shown as plain text.
import { api } from './api.js';
import { enc, fmt, h, mount, section } from './dom.js';

export async function renderTask(main, agent, id) {
  const t = await api(`/agents/${enc(agent)}/tasks/${enc(id)}`);
  mount(main,
    h('p', {}, h('a', { href: `#/agent/${enc(agent)}` }, `← ${agent}`)),
    h('h1', {}, `Task ${id}`),
    t.queued ? h('p', { class: 'badge busy' }, 'still queued') : null,
    section('Commit', t.commit
      ? [h('p', { class: 'muted' }, `${fmt.short(t.commit.sha)} · ${fmt.time(t.commit.date)}`), h('pre', { class: 'commit', id: 'commit' }, t.commit.message)]
      : h('p', { class: 'muted' }, 'Not committed yet.')),
    section('context.md', t.context !== null ? h('pre', { class: 'context', id: 'context' }, t.context) : h('p', { class: 'muted' }, 'Not kept (older than AGENTOS_CONTEXT_KEEP tasks, or the task has not run yet).')));
  return { dispose() {} };
}
