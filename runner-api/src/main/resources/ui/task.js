// One task: every field of its view (live), its definition, its output (followed, resumed from its
// offset after a drop), and stop and delete behind a confirmation.
import { h, clear, stateBadge, duration, since, ran, exitText, bytes, resourcesText } from './dom.js';
import { call, json, authHeaders } from './api.js';
import { onTaskEvent } from './bus.js';

const FIELDS = ['taskId', 'state', 'name', 'machine', 'outcome', 'exitCode', 'signal', 'reason', 'pid', 'host',
  'acceptedAt', 'startedAt', 'updatedAt', 'finishedAt', 'heartbeatAgeMs', 'timeoutSeconds', 'outputBytes', 'outputTruncated',
  'waitingFor', 'after', 'resources', 'holds'];

/** The tasks this one runs after, each a link to its page; "any outcome" when afterAny. */
function afterLinks(task) {
  if (!task.after || !task.after.length) return null;
  const links = task.after.map((dep, i) => [i ? ', ' : '', h('a', { href: '#/task/' + encodeURIComponent(dep) }, dep)]);
  return h('span', {}, links, task.afterAny ? ' (any outcome)' : ' (each succeeded)');
}

export function taskPage(main, id) {
  clear(main);
  const fields = h('dl', { class: 'fields', id: 'task-fields' });
  const summary = h('p', { class: 'summary', id: 'task-summary' });
  const message = h('p', { id: 'task-message', role: 'status' });
  const stopButton = h('button', { type: 'button', id: 'task-stop', class: 'danger' }, 'Stop');
  const deleteButton = h('button', { type: 'button', id: 'task-delete', class: 'danger' }, 'Delete');
  const definition = h('pre', { id: 'task-definition', class: 'code', tabindex: '0' }, 'loading…');
  const output = h('pre', { id: 'task-output', class: 'code output', tabindex: '0', 'aria-live': 'off' });
  const outputState = h('p', { id: 'output-state', class: 'muted' });
  main.append(h('p', {}, h('a', { href: '#/tasks' }, '← All tasks')),
    h('h2', {}, 'Task ', h('span', { id: 'task-id' }, id)), summary, message,
    h('div', { class: 'actions' }, stopButton, deleteButton),
    h('section', { 'aria-labelledby': 'fields-title' }, h('h3', { id: 'fields-title' }, 'View'), fields),
    h('section', { 'aria-labelledby': 'definition-title' }, h('h3', { id: 'definition-title' }, 'Definition'), definition),
    h('section', { 'aria-labelledby': 'output-title' }, h('h3', { id: 'output-title' }, 'Output'), outputState, output));

  let task = null, fetchedAt = 0, gone = false, offset = 0, reader = null;

  function show() {
    if (!task) return;
    const now = Date.now();
    clear(summary).append(stateBadge(task.state), ' ', task.name || '', task.outcome ? ' — ' + task.outcome : '',
      ' — exit ', exitText(task), task.reason ? ' — ' + task.reason : '',
      task.waitingFor ? ' — waiting for ' + task.waitingFor : '');
    clear(fields);
    for (const key of FIELDS) {
      let value = task[key];
      if (key === 'heartbeatAgeMs' && value !== null && value !== undefined) value = duration(value + now - fetchedAt);
      else if (key === 'outputBytes') value = bytes(value);
      else if (key === 'state') value = stateBadge(value);
      else if (key === 'after') value = afterLinks(task);
      else if (key === 'resources' || key === 'holds') value = resourcesText(value);
      else if (typeof value === 'boolean') value = String(value);
      fields.append(h('dt', {}, key), h('dd', { 'data-field': key }, value === null || value === undefined ? '–' : value));
    }
    fields.append(h('dt', {}, 'age'), h('dd', {}, duration(since(task.acceptedAt, now))),
      h('dt', {}, 'duration'), h('dd', {}, duration(ran(task, now))));
    const final = task.state === 'exited' || task.state === 'lost';
    stopButton.disabled = final || task.state === 'stopping';
    deleteButton.disabled = !final;
  }

  async function load() {
    try {
      task = await json('/v1/tasks/' + encodeURIComponent(id));
      fetchedAt = Date.now();
      show();
    } catch (e) {
      message.textContent = e.status === 404 ? 'No task ' + id + ' (deleted, or never accepted).' : 'Cannot load the task: ' + e.message;
    }
  }

  async function loadDefinition() {
    try {
      const text = await (await call('/v1/tasks/' + encodeURIComponent(id) + '/definition')).text();
      definition.textContent = JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      definition.textContent = 'not available: ' + e.message;
    }
  }

  // Follows the output; after a dropped connection it resumes from the last byte it showed.
  async function followOutput() {
    const decoder = new TextDecoder();
    while (!gone) {
      try {
        outputState.textContent = 'following…';
        const response = await fetch('/v1/tasks/' + encodeURIComponent(id) + '/output?follow=true&offset=' + offset,
          { headers: authHeaders(), cache: 'no-store' });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        reader = response.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          offset += value.byteLength;
          output.append(decoder.decode(value, { stream: true }));
        }
        if (task && (task.state === 'exited' || task.state === 'lost')) {
          outputState.textContent = 'complete (' + bytes(offset) + ')';
          return;
        }
        await load(); // the stream ended: the task is final, or the node went away
        if (task && (task.state === 'exited' || task.state === 'lost')) continue; // read what remains, then stop
      } catch (e) {
        if (gone) return;
        outputState.textContent = 'connection lost; resuming from byte ' + offset + '…';
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  async function confirm(text) {
    const dialog = document.getElementById('confirm-dialog');
    document.getElementById('confirm-text').textContent = text;
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
    return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  }

  stopButton.addEventListener('click', async () => {
    if (!await confirm('Stop task ' + id + '? Its runner gets SIGTERM, runs CLEANUP and records canceled.')) return;
    message.textContent = 'stopping…';
    try {
      task = await json('/v1/tasks/' + encodeURIComponent(id) + '/stop', { method: 'POST' });
      fetchedAt = Date.now();
      message.textContent = 'stop requested';
      show();
    } catch (e) { message.textContent = 'Stop failed: ' + e.message; }
  });
  deleteButton.addEventListener('click', async () => {
    if (!await confirm('Delete task ' + id + '? The node forgets it and archives its directory.')) return;
    try {
      await call('/v1/tasks/' + encodeURIComponent(id), { method: 'DELETE' });
      location.hash = '#/tasks';
    } catch (e) { message.textContent = 'Delete failed: ' + e.message; }
  });

  const unsubscribe = onTaskEvent((type, event) => {
    if (event.taskId === id && event.task) {
      task = event.task;
      fetchedAt = Date.now();
      show();
    } else if (event.taskId === id && type === 'deleted') {
      message.textContent = 'This task was deleted.';
    } else if (type === 'reset') {
      load();
    }
  });
  const timer = setInterval(show, 1000);
  load().then(() => { loadDefinition(); followOutput(); });
  return { leave() { gone = true; clearInterval(timer); unsubscribe(); if (reader) reader.cancel().catch(() => {}); } };
}
