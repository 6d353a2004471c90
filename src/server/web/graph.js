// The world model as a browsable graph with Cytoscape (canvas rendering: labels are drawn, never
// parsed as HTML): entities, relations and hypotheses sized by confidence, shared tags, claims
// that name other records. Selecting a node shows its claim and evidence, linked to the tasks.
import cytoscape from '/ui/vendor/cytoscape.esm.min.mjs';
import { enc, fmt, h, mount } from './dom.js';

const COLORS = { entity: '#2563eb', relation: '#16a34a', hypothesis: '#f59e0b', tag: '#9ca3af' };

export function worldView(agent, world) {
  const detail = h('div', { class: 'detail', id: 'world-detail' }, h('p', { class: 'muted' }, 'Select a node to see its claim and evidence.'));
  if (!world.nodes.length) return h('p', { class: 'muted' }, 'No world records yet: claims appear as tasks report them, as hypotheses first.');
  const box = h('div', { class: 'graph', id: 'world-graph' });
  const wrap = h('div', { class: 'world' }, box, detail);
  const elements = [
    ...world.nodes.map((n) => ({ data: { id: n.id, label: n.label, color: n.type === 'tag' ? COLORS.tag : n.status === 'hypothesis' ? COLORS.hypothesis : COLORS[n.kind] ?? COLORS.entity, size: n.type === 'tag' ? 14 : 18 + 30 * (n.confidence ?? 0.5) } })),
    ...world.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, kind: e.type } })),
  ];
  requestAnimationFrame(() => {
    const cy = cytoscape({
      container: box, elements, wheelSensitivity: 0.3,
      layout: { name: world.nodes.length > 150 ? 'grid' : 'cose', animate: false },
      style: [
        { selector: 'node', style: { 'background-color': 'data(color)', label: 'data(label)', width: 'data(size)', height: 'data(size)', 'font-size': 10, color: '#111827', 'text-valign': 'bottom', 'text-margin-y': 3 } },
        { selector: 'edge', style: { width: 1, 'line-color': '#cbd5e1', 'curve-style': 'bezier' } },
        { selector: 'edge[kind = "mentions"]', style: { 'line-color': '#64748b', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#64748b' } },
        { selector: ':selected', style: { 'border-width': 3, 'border-color': '#111827' } },
      ],
    });
    cy.on('tap', 'node', (ev) => show(agent, world.nodes.find((n) => n.id === ev.target.id()), detail));
  });
  return h('div', {}, h('p', { class: 'legend' }, ...Object.entries(COLORS).map(([k, c]) => h('span', { class: `dot ${k}`, title: c }, k))), wrap, world.omitted ? h('p', { class: 'muted' }, `${world.omitted} weaker records left out of the graph.`) : null);
}

function taskLinks(agent, ids, verified) {
  if (!ids?.length) return '—';
  return ids.map((id, i) => [i ? ', ' : '', h('a', { href: `#/agent/${enc(agent)}/task/${enc(id)}` }, id), verified?.includes(id) ? ' ✓' : '']);
}

function show(agent, n, detail) {
  if (!n) return;
  if (n.type === 'tag') return mount(detail, h('h3', {}, n.label), h('p', { class: 'muted' }, 'A tag shared by the connected records.'));
  mount(detail,
    h('h3', {}, n.label),
    h('p', {}, h('span', { class: `badge ${n.status}` }, n.status), ' ', n.kind, ` · confidence ${fmt.pct(n.confidence)}`),
    h('blockquote', {}, n.claim ?? ''),
    h('dl', {},
      h('dt', {}, 'supported by'), h('dd', {}, taskLinks(agent, n.evidence?.supports, n.evidence?.verified)),
      h('dt', {}, 'contradicted by'), h('dd', {}, taskLinks(agent, n.evidence?.contradicts, n.evidence?.verified)),
      h('dt', {}, 'aliases'), h('dd', {}, n.aliases?.join(', ') || '—'),
      h('dt', {}, 'tags'), h('dd', {}, n.tags?.join(', ') || '—'),
      h('dt', {}, 'first seen'), h('dd', {}, fmt.time(n.firstSeen)),
      h('dt', {}, 'last confirmed'), h('dd', {}, fmt.time(n.lastConfirmed))),
    n.supersedes?.length ? h('div', {}, h('h4', {}, 'Replaced claims'), h('ul', {}, n.supersedes.map((s) => h('li', {}, `${s.claim} (confidence ${fmt.pct(s.confidence)}, until ${fmt.time(s.until)})`)))) : null);
}
