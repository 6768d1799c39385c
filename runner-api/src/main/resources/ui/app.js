// The page's shell: routes by the location's hash, keeps one event stream open for every page.
import { forgetToken, askToken } from './api.js';
import { follow } from './stream.js';
import { tasksPage } from './tasks.js';
import { taskPage } from './task.js';
import { submitPage } from './submit.js';
import { nodePage } from './node.js';

import { emit } from './bus.js';

let current = null;

function route() {
  if (current && current.leave) current.leave();
  const main = document.getElementById('main');
  const hash = location.hash || '#/tasks';
  const task = hash.match(/^#\/task\/([A-Za-z0-9_-]{1,64})$/);
  for (const a of document.querySelectorAll('nav a')) a.removeAttribute('aria-current');
  const nav = task ? 'nav-tasks' : hash.startsWith('#/submit') ? 'nav-submit' : hash.startsWith('#/node') ? 'nav-node' : 'nav-tasks';
  document.getElementById(nav).setAttribute('aria-current', 'page');
  if (task) current = taskPage(main, task[1]);
  else if (hash.startsWith('#/submit')) current = submitPage(main);
  else if (hash.startsWith('#/node')) current = nodePage(main);
  else current = tasksPage(main);
}

document.getElementById('forget-token').addEventListener('click', async () => {
  forgetToken();
  await askToken('Token forgotten. Enter a token to go on.');
  route();
});
document.getElementById('token-dialog').addEventListener('cancel', e => e.preventDefault()); // a token is needed
const live = document.getElementById('live');
follow(emit, status => {
  live.textContent = 'events: ' + status;
  live.dataset.status = status;
});
window.addEventListener('hashchange', route);
route();
