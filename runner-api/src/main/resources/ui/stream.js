// Reads GET /v1/events with fetch() and a stream parser: EventSource cannot send the
// Authorization header. Reconnects after a drop with Last-Event-ID, so no event is missed.
import { authHeaders, askToken, token } from './api.js';

export function follow(onEvent, onStatus) {
  let lastEventId = null;
  let stopped = false;
  let controller = null;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = authHeaders(lastEventId ? { 'Last-Event-ID': lastEventId } : {});
        const response = await fetch('/v1/events', { headers, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401) {
          onStatus('token needed');
          await askToken(token() ? 'The node refused that token. Enter the right one.' : '');
          continue;
        }
        if (!response.ok) throw new Error('HTTP ' + response.status);
        onStatus('live');
        await read(response.body.getReader());
        onStatus('reconnecting…');
      } catch (e) {
        if (stopped) return;
        onStatus('reconnecting…');
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(frame);
      }
    }
  }

  function dispatch(frame) {
    let id = null, type = 'message', data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
    }
    if (!data) return;
    if (id !== null) lastEventId = id;
    let body;
    try { body = JSON.parse(data); } catch (e) { return; }
    onEvent(type, body);
  }

  connect();
  return { stop() { stopped = true; if (controller) controller.abort(); } };
}
