// Task events from the one stream, passed to whichever page is shown.
const listeners = new Set();

export function onTaskEvent(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emit(type, body) {
  listeners.forEach(l => l(type, body));
}
