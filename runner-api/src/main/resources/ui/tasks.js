// The task table: counts per state, filter by state and text, pages of the API's ?offset&limit,
// live updates from the event stream (a changed row at once; counts and pages shortly after).
import { h, clear, stateBadge, duration, since, ran, exitText } from './dom.js';
import { call, json } from './api.js';
import { onTaskEvent } from './bus.js';

const STATES = ['queued', 'running', 'stalled', 'stopping', 'exited', 'lost'];
const PAGE = 50;
const view = { state: '', text: '', offset: 0 }; // kept across visits to the page

export function tasksPage(main) {
  clear(main);
  const counts = h('ul', { class: 'counts', id: 'counts', 'aria-label': 'Tasks per state' });
  const stateSelect = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'all states'),
    STATES.map(s => h('option', { value: s }, s)));
  stateSelect.value = view.state;
  const textInput = h('input', { id: 'filter-text', type: 'search', placeholder: 'id, name, machine…', value: view.text });
  const body = h('tbody', { id: 'task-rows' });
  const pager = h('p', { class: 'pager', id: 'pager' });
  const message = h('p', { id: 'tasks-message', role: 'status' });
  main.append(h('h2', {}, 'Tasks'), counts,
    h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
      h('label', { for: 'filter-state' }, 'State'), stateSelect,
      h('label', { for: 'filter-text' }, 'Text'), textInput),
    message,
    h('div', { class: 'table-wrap' }, h('table', { id: 'tasks' },
      h('caption', { class: 'visually-hidden' }, 'Tasks in creation order'),
      h('thead', {}, h('tr', {}, ['id', 'name', 'machine', 'state', 'outcome', 'exit', 'age', 'duration', 'heartbeat']
        .map(c => h('th', { scope: 'col' }, c)))),
      body)),
    pager);

  let rows = new Map(); // taskId -> { task, tr, fetchedAt }
  let timer = null, refreshTimer = null, reloadPending = false, gone = false;

  async function load() {
    const params = new URLSearchParams({ offset: view.offset, limit: PAGE });
    if (view.state) params.set('state', view.state);
    if (view.text) params.set('q', view.text);
    try {
      const response = await call('/v1/tasks?' + params);
      const tasks = await response.json();
      const total = Number(response.headers.get('X-Total-Count') || tasks.length);
      if (gone) return;
      if (tasks.length === 0 && view.offset > 0 && total > 0) {
        view.offset = Math.max(0, Math.floor((total - 1) / PAGE) * PAGE);
        return load();
      }
      render(tasks, total);
      message.textContent = total === 0 ? 'No tasks match.' : '';
    } catch (e) {
      message.textContent = 'Cannot load tasks: ' + e.message;
    }
    loadCounts();
  }

  async function loadCounts() {
    try {
      const node = await json('/v1/node');
      if (gone) return;
      clear(counts).append(...STATES.map(s => h('li', {}, stateBadge(s), ' ', h('span', { class: 'count', 'data-state': s }, node.tasks[s]))),
        h('li', {}, 'total ', h('span', { class: 'count', 'data-state': 'total' }, node.tasks.total)));
    } catch (e) { /* the table says what is wrong */ }
  }

  function render(tasks, total) {
    clear(body);
    rows = new Map();
    for (const task of tasks) {
      const tr = h('tr', {});
      rows.set(task.taskId, { task, tr, fetchedAt: Date.now() });
      fill(rows.get(task.taskId));
      body.append(tr);
    }
    const first = total === 0 ? 0 : view.offset + 1;
    const last = view.offset + tasks.length;
    clear(pager).append(
      h('button', { type: 'button', id: 'page-prev', disabled: view.offset === 0, onclick: () => { view.offset = Math.max(0, view.offset - PAGE); load(); } }, '← Previous'),
      h('span', { id: 'page-info' }, ` ${first}–${last} of ${total} `),
      h('button', { type: 'button', id: 'page-next', disabled: last >= total, onclick: () => { view.offset += PAGE; load(); } }, 'Next →'));
  }

  function fill(row) {
    const t = row.task, now = Date.now();
    const heartbeat = t.heartbeatAgeMs === null ? null : t.heartbeatAgeMs + (now - row.fetchedAt);
    row.tr.dataset.taskId = t.taskId;
    row.tr.dataset.state = t.state;
    clear(row.tr).append(
      h('td', { 'data-label': 'id' }, h('a', { href: '#/task/' + encodeURIComponent(t.taskId) }, t.taskId)),
      h('td', { 'data-label': 'name', class: 'name' }, t.name || '–'),
      h('td', { 'data-label': 'machine' }, t.machine || '–'),
      h('td', { 'data-label': 'state' }, stateBadge(t.state),
        t.waitingFor ? h('span', { class: 'waiting muted' }, ' waiting for ' + t.waitingFor) : null),
      h('td', { 'data-label': 'outcome', class: 'outcome' }, t.outcome || '–'),
      h('td', { 'data-label': 'exit' }, exitText(t)),
      h('td', { 'data-label': 'age' }, duration(since(t.acceptedAt, now))),
      h('td', { 'data-label': 'duration' }, duration(ran(t, now))),
      h('td', { 'data-label': 'heartbeat' }, heartbeat === null ? '–' : duration(heartbeat)));
  }

  function refreshSoon(reloadPage) {
    reloadPending = reloadPending || reloadPage;
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const reload = reloadPending;
      reloadPending = false;
      reload ? load() : loadCounts();
    }, 400);
  }

  const unsubscribe = onTaskEvent((type, event) => {
    const row = event.taskId && rows.get(event.taskId);
    if (row && event.task) {
      row.task = event.task;
      row.fetchedAt = Date.now();
      fill(row);
    }
    // A new or forgotten task, a reset, or a state that leaves the filter: the page itself changes.
    const pageChanges = type === 'accepted' || type === 'deleted' || type === 'reset' || view.state !== '' || view.text !== '';
    refreshSoon(pageChanges);
  });

  let typing = null;
  stateSelect.addEventListener('change', () => { view.state = stateSelect.value; view.offset = 0; load(); });
  textInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { view.text = textInput.value.trim(); view.offset = 0; load(); }, 250);
  });
  timer = setInterval(() => rows.forEach(fill), 1000);
  load();
  return { leave() { gone = true; clearInterval(timer); clearTimeout(refreshTimer); unsubscribe(); } };
}
