// The node: health, free disk, tasks against the running limit, warm runners, and an inline SVG
// chart of launches and finishes per minute over the last hour.
import { h, svg, clear, bytes } from './dom.js';
import { json } from './api.js';
import { onTaskEvent } from './bus.js';

export function nodePage(main) {
  clear(main);
  const facts = h('dl', { class: 'fields', id: 'node-facts' });
  const chart = h('figure', { id: 'node-chart', class: 'chart' });
  const message = h('p', { id: 'node-message', role: 'status' });
  main.append(h('h2', {}, 'Node'), message, facts,
    h('section', { 'aria-labelledby': 'chart-title' }, h('h3', { id: 'chart-title' }, 'Launches and finishes per minute, last hour'), chart));
  let gone = false, pending = null;

  async function load() {
    try {
      const node = await json('/v1/node');
      if (gone) return;
      message.textContent = '';
      show(node);
    } catch (e) {
      message.textContent = 'Cannot load the node: ' + e.message;
    }
  }

  function show(node) {
    const t = node.tasks;
    const active = t.running + t.stalled + t.stopping;
    const rows = [
      ['health', h('span', { class: 'health health-' + node.health.status, id: 'node-health' }, node.health.status), ' — ', node.health.detail],
      ['free disk', bytes(node.health.freeBytes)],
      ['running', h('span', { id: 'node-running' }, `${active} of ${node.maxRunningTasks ?? '?'}`),
        ` (running ${t.running}, stalled ${t.stalled}, stopping ${t.stopping})`],
      ['queued', h('span', { id: 'node-queued' }, t.queued)],
      ['finished', `exited ${t.exited}, lost ${t.lost}`],
      ['warm runners', node.warmRunners ?? '?', ' (configured)'],
    ];
    clear(facts);
    for (const [label, ...value] of rows) facts.append(h('dt', {}, label), h('dd', {}, ...value));
    draw(node.activity);
  }

  function draw(minutes) {
    const width = 600, height = 160, pad = 28, n = minutes.length;
    const max = Math.max(1, ...minutes.map(m => Math.max(m.launched, m.finished)));
    const x = i => pad + (i * (width - pad - 8)) / Math.max(1, n - 1);
    const y = v => height - pad - (v * (height - pad - 10)) / max;
    const line = key => minutes.map((m, i) => `${x(i).toFixed(1)},${y(m[key]).toFixed(1)}`).join(' ');
    const launched = minutes.reduce((s, m) => s + m.launched, 0), finished = minutes.reduce((s, m) => s + m.finished, 0);
    const title = `Launches (${launched}) and finishes (${finished}) per minute over the last hour; peak ${max} a minute`;
    clear(chart).append(svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart-svg' },
      svg('title', {}, title),
      svg('line', { x1: pad, y1: height - pad, x2: width - 8, y2: height - pad, class: 'axis' }),
      svg('line', { x1: pad, y1: 10, x2: pad, y2: height - pad, class: 'axis' }),
      svg('text', { x: 2, y: 16, class: 'tick' }, String(max)),
      svg('text', { x: 2, y: height - pad, class: 'tick' }, '0'),
      svg('text', { x: pad, y: height - 8, class: 'tick' }, '−60 min'),
      svg('text', { x: width - 40, y: height - 8, class: 'tick' }, 'now'),
      svg('polyline', { points: line('launched'), class: 'launched' }),
      svg('polyline', { points: line('finished'), class: 'finished' })),
      h('figcaption', {}, h('span', { class: 'key launched' }, '— launched (solid)'), ' ', h('span', { class: 'key finished' }, '-- finished (dashed)')));
  }

  const unsubscribe = onTaskEvent(() => { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 1000); });
  const timer = setInterval(load, 10000);
  load();
  return { leave() { gone = true; clearInterval(timer); clearTimeout(pending); unsubscribe(); } };
}
