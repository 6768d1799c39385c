// The submit form: fields of a task definition, or a whole one pasted or uploaded into them. The
// API's rejection ("parameters.command: must be ...") is shown under the field it names.
import { h, clear } from './dom.js';
import { call } from './api.js';

const FIELDS = ['id', 'name', 'machine', 'timeoutSeconds', 'parameters'];

export function submitPage(main) {
  clear(main);
  const input = {};
  const errors = {};
  const field = (name, label, control, hint) => {
    input[name] = control;
    errors[name] = h('p', { class: 'error', id: 'error-' + name, role: 'alert' });
    control.setAttribute('aria-describedby', 'error-' + name + (hint ? ' hint-' + name : ''));
    return h('div', { class: 'field' }, h('label', { for: control.id }, label), control,
      hint ? h('p', { class: 'muted', id: 'hint-' + name }, hint) : null, errors[name]);
  };
  const machine = h('select', { id: 'f-machine', name: 'machine' }, h('option', { value: 'echo' }, 'echo'),
    h('option', { value: 'exec' }, 'exec'), h('option', { value: 'other' }, 'other…'));
  const otherMachine = h('input', { id: 'f-machine-other', type: 'text', 'aria-label': 'machine name', hidden: true });
  machine.addEventListener('change', () => { otherMachine.hidden = machine.value !== 'other'; });
  const paste = h('textarea', { id: 'f-paste', rows: 6, spellcheck: 'false', placeholder: '{"machine": "echo", "parameters": ["ECHO hi"]}' });
  const upload = h('input', { id: 'f-upload', type: 'file', accept: 'application/json,.json' });
  const formError = h('p', { class: 'error', id: 'error-form', role: 'alert' });
  const result = h('p', { id: 'submit-result', role: 'status' });
  let extra = {};

  const form = h('form', { id: 'submit-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Paste or upload a definition (fills the fields below)'),
      h('div', { class: 'field' }, h('label', { for: 'f-paste' }, 'Definition (JSON)'), paste),
      h('div', { class: 'field' }, h('label', { for: 'f-upload' }, 'Or a file'), upload),
      h('p', { class: 'error', id: 'error-paste', role: 'alert' })),
    field('machine', 'Machine', machine), otherMachine,
    field('parameters', 'Parameters (JSON)', h('textarea', { id: 'f-parameters', rows: 8, spellcheck: 'false' }),
      'echo: a list of lines, e.g. ["ECHO hi", "SLEEP 1"]; exec: {"command": ["python3", "-c", "print(42)"]}'),
    field('name', 'Name (optional)', h('input', { id: 'f-name', type: 'text' })),
    field('id', 'Id (optional, makes a repeat idempotent)', h('input', { id: 'f-id', type: 'text', pattern: '[A-Za-z0-9_-]{1,64}' })),
    field('timeoutSeconds', 'Timeout in seconds (optional)', h('input', { id: 'f-timeoutSeconds', type: 'number', min: 1 })),
    formError,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'f-submit' }, 'Submit task')),
    result);
  main.append(h('h2', {}, 'Submit a task'), form);
  input.parameters.value = '["ECHO hello", "SLEEP 1", "ECHO bye"]';

  function fill(text) {
    const error = document.getElementById('error-paste');
    error.textContent = '';
    let doc;
    try { doc = JSON.parse(text); } catch (e) { error.textContent = 'not JSON: ' + e.message; return; }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { error.textContent = 'a definition is a JSON object'; return; }
    const { id, name, machine: m, timeoutSeconds, parameters, ...rest } = doc;
    extra = rest; // sent as given: the node names any field it does not know
    input.id.value = id ?? '';
    input.name.value = name ?? '';
    input.timeoutSeconds.value = timeoutSeconds ?? '';
    input.parameters.value = parameters === undefined ? '' : JSON.stringify(parameters, null, 2);
    if (m === 'echo' || m === 'exec') { machine.value = m; otherMachine.hidden = true; }
    else { machine.value = 'other'; otherMachine.hidden = false; otherMachine.value = m ?? ''; }
  }
  paste.addEventListener('change', () => fill(paste.value));
  upload.addEventListener('change', async () => {
    if (upload.files.length) { paste.value = await upload.files[0].text(); fill(paste.value); }
  });

  form.addEventListener('submit', async e => {
    e.preventDefault();
    FIELDS.forEach(f => { errors[f].textContent = ''; input[f].removeAttribute('aria-invalid'); });
    formError.textContent = '';
    result.textContent = '';
    const definition = { ...extra, machine: machine.value === 'other' ? otherMachine.value : machine.value };
    try {
      definition.parameters = JSON.parse(input.parameters.value);
    } catch (err) {
      return showError('parameters', 'not JSON: ' + err.message);
    }
    if (input.name.value) definition.name = input.name.value;
    if (input.id.value) definition.id = input.id.value;
    if (input.timeoutSeconds.value) definition.timeoutSeconds = Number(input.timeoutSeconds.value);
    try {
      const response = await call('/v1/tasks', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(definition) });
      const task = await response.json();
      clear(result).append(response.status === 201 ? 'Accepted: ' : 'Already there: ',
        h('a', { href: '#/task/' + encodeURIComponent(task.taskId), id: 'submitted-link' }, task.taskId), ' (' + task.state + ')');
    } catch (err) {
      const match = /^([A-Za-z]+)[.\[:]/.exec(err.detail || '');
      showError(match && FIELDS.includes(match[1]) ? match[1] : null, err.detail || err.message);
    }
  });

  function showError(name, text) {
    if (name) {
      errors[name].textContent = text;
      input[name].setAttribute('aria-invalid', 'true');
      input[name].focus();
    } else {
      formError.textContent = text;
    }
  }
  return {};
}
