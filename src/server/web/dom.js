// Building the page without innerHTML: text always goes in as text nodes, attributes through a
// short allow-list, links only to this page's #/ routes. Agent-written content is untrusted.
const ATTRS = new Set(['class', 'id', 'type', 'name', 'value', 'placeholder', 'title', 'for', 'hidden', 'disabled', 'rows', 'autocomplete', 'required', 'min', 'max', 'step', 'colspan', 'data-id', 'data-kind', 'aria-label', 'role', 'selected']);

/** h('div', { class: 'x', onclick: fn }, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'href') el.setAttribute('href', safeHref(String(v)));
    else if (ATTRS.has(k)) el.setAttribute(k, v === true ? '' : String(v));
    else throw new Error(`attribute ${k} is not allowed`);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Only in-page routes: anything else becomes "#/". */
export function safeHref(href) {
  return /^#\/[A-Za-z0-9._~\/-]*$/.test(href) ? href : '#/';
}

export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function section(title, ...body) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

export function table(head, rows, empty = 'none') {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((x) => h('td', {}, x))))));
}

export const fmt = {
  usd: (n) => (n === null || n === undefined ? '—' : `$${Number(n).toFixed(n < 1 ? 4 : 2)}`),
  pct: (n) => (n === null || n === undefined ? '—' : `${Math.round(n * 100)}%`),
  sign: (n) => (n > 0 ? `+${n}` : String(n)),
  time: (iso) => (iso ? new Date(iso).toLocaleString() : '—'),
  clock: (d = new Date()) => d.toTimeString().slice(0, 8),
  short: (sha) => (sha ? String(sha).slice(0, 8) : ''),
};

export function enc(s) {
  return encodeURIComponent(s);
}
