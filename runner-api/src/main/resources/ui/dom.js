// Builds DOM nodes from text only: nothing shown is ever parsed as HTML, so a task named
// "<script>…" stays text. Every page uses h() and never innerHTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A state badge: its text always, its colour and symbol as a second cue. */
export function stateBadge(state) {
  const symbols = { queued: '…', running: '▶', stalled: '‖', stopping: '■', exited: '✓', lost: '✗' };
  return h('span', { class: 'state state-' + state }, h('span', { 'aria-hidden': 'true' }, symbols[state] || '?'), ' ', state);
}

export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

/** Milliseconds since an ISO instant, or null. */
export function since(iso, now = Date.now()) {
  return iso ? now - Date.parse(iso) : null;
}

/** How long a task ran: start to finish, or to now while it runs. */
export function ran(task, now = Date.now()) {
  if (!task.startedAt) return null;
  return (task.finishedAt ? Date.parse(task.finishedAt) : now) - Date.parse(task.startedAt);
}

/** The exit code, or the signal that killed the task, or a dash. */
export function exitText(task) {
  if (task.exitCode !== null && task.exitCode !== undefined) return String(task.exitCode);
  if (task.signal) return 'signal ' + task.signal;
  return '–';
}

/** A resource set ({exclusive: [...], shared: [...]}) as text: "exclusive disk7; shared lpar01", or null when empty. */
export function resourcesText(r) {
  if (!r) return null;
  const parts = [];
  if (r.exclusive && r.exclusive.length) parts.push('exclusive ' + r.exclusive.join(', '));
  if (r.shared && r.shared.length) parts.push('shared ' + r.shared.join(', '));
  return parts.length ? parts.join('; ') : null;
}
