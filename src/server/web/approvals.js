// Requests waiting for a person: approve or deny a gated tool call, choose an option, answer a
// question, label an outcome (POST /approvals/:id/approve|deny). The first decision wins.
import { api } from './api.js';
import { enc, fmt, h } from './dom.js';

export function approvalCard(r, done) {
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'reason (optional)', 'aria-label': 'reason' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const decide = async (verb, extra = {}) => {
    try {
      await api(`/approvals/${enc(r.id)}/${verb}`, { method: 'POST', body: { ...(reason.value.trim() && { reason: reason.value.trim() }), ...extra } });
      done();
    } catch (e) {
      problem.textContent = e.message;
    }
  };
  const what = [];
  const actions = [];
  if (r.kind === 'approve') {
    what.push(h('p', {}, 'Run ', h('code', {}, r.tool ?? '?'), ' with ', h('code', { class: 'args' }, r.args ?? '')));
    actions.push(h('button', { type: 'button', class: 'approve', onclick: () => decide('approve') }, 'Approve'));
  } else if (r.kind === 'choose') {
    const select = h('select', { name: 'choice', 'aria-label': 'choice' }, (r.options ?? []).map((o, i) => h('option', { value: String(i + 1) }, o)));
    what.push(h('p', {}, r.question ?? ''), select);
    actions.push(h('button', { type: 'button', class: 'approve', onclick: () => decide('approve', { choice: Number(select.value) }) }, 'Choose'));
  } else if (r.kind === 'context') {
    const answer = h('textarea', { name: 'answer', rows: 3, 'aria-label': 'answer' });
    what.push(h('p', {}, r.question ?? ''), answer);
    actions.push(h('button', { type: 'button', class: 'approve', onclick: () => decide('approve', { answer: answer.value }) }, 'Answer'));
  } else if (r.kind === 'label') {
    what.push(h('p', {}, r.question ?? ''));
    for (const label of ['correct', 'partial', 'incorrect']) actions.push(h('button', { type: 'button', class: 'approve', onclick: () => decide('approve', { label }) }, label));
  }
  actions.push(h('button', { type: 'button', class: 'deny', onclick: () => decide('deny') }, 'Deny'));
  return h('article', { class: 'approval', 'data-id': r.id, 'data-kind': r.kind },
    h('header', {}, h('strong', {}, r.kind), ' ', h('a', { href: `#/agent/${enc(r.agent)}` }, r.agent), ' · task ', h('a', { href: `#/agent/${enc(r.agent)}/task/${enc(r.task)}` }, r.task), h('span', { class: 'muted' }, ` · ${r.id} · expires ${fmt.time(r.expires)}`)),
    what, h('div', { class: 'actions' }, reason, actions), problem);
}
