// The dashboard's entry: login with the API token, hash routes (#/ overview, #/agent/NAME,
// #/agent/NAME/task/ID), and one live event stream shared by every view.
import { api, token } from './api.js';
import { fmt, h, mount } from './dom.js';
import { follow } from './stream.js';
import { renderOverview } from './overview.js';
import { renderAgent } from './agent.js';
import { renderTask } from './task.js';

const main = document.getElementById('main');
const live = document.getElementById('live');
const logout = document.getElementById('logout');

/** The activity feed: the newest events, kept across views. */
export const feed = { items: [], max: 200, listeners: new Set() };
let stopStream;
let view = { dispose() {} };

function onEvent(e) {
  if (e.type === 'agent.idle' || e.type === 'task.model') return;
  feed.items.unshift({ at: new Date(typeof e.at === 'number' ? e.at : Date.now()), e });
  feed.items.length = Math.min(feed.items.length, feed.max);
  for (const fn of feed.listeners) fn(e);
}

function setLive(state) {
  live.textContent = state === 'live' ? 'live' : state;
  live.className = `live ${state === 'live' ? 'on' : 'off'}`;
  if (state === 'refused') location.hash = '#/login';
}

function startStream() {
  stopStream?.();
  stopStream = follow(onEvent, setLive);
}

function loginView() {
  stopStream?.();
  stopStream = undefined;
  setLive('offline');
  logout.hidden = true;
  const input = h('input', { type: 'password', id: 'token', name: 'token', placeholder: 'API token', autocomplete: 'current-password', required: true });
  const problem = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', onsubmit: async (ev) => {
    ev.preventDefault();
    token.set(input.value.trim());
    try {
      await api('/agents', { login: true });
      location.hash = '#/';
      if (location.hash === '#/') void route();
    } catch (e) {
      token.clear();
      problem.textContent = `Not logged in: ${e.message}`;
    }
  } },
  h('h2', {}, 'Log in'),
  h('p', { class: 'muted' }, 'The token is in DATA/.agentos/api-token on the machine that runs agentos (or $AGENTOS_API_TOKEN). It stays in this tab only.'),
  h('label', { for: 'token' }, 'API token'), input, h('button', { type: 'submit' }, 'Log in'), problem);
  mount(main, form);
  input.focus();
  return { dispose() {} };
}

async function route() {
  view.dispose();
  const hash = location.hash || '#/';
  if (!token.get() || hash === '#/login') {
    view = loginView();
    return;
  }
  logout.hidden = false;
  if (!stopStream) startStream();
  const parts = hash.slice(2).split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'agent' && parts[1] && parts[2] === 'task' && parts[3]) view = await renderTask(main, parts[1], parts[3]);
    else if (parts[0] === 'agent' && parts[1]) view = await renderAgent(main, parts[1], feed);
    else view = await renderOverview(main, feed);
  } catch (e) {
    if (e.status === 401) return;
    mount(main, h('section', { class: 'card' }, h('h2', {}, 'Could not load this view'), h('p', { class: 'error' }, e.message), h('a', { href: '#/' }, 'Back to the overview')));
    view = { dispose() {} };
  }
}

logout.addEventListener('click', () => {
  token.clear();
  location.hash = '#/login';
});
window.addEventListener('hashchange', route);
document.getElementById('nav').append(h('a', { href: '#/' }, 'Overview'));
void route();
