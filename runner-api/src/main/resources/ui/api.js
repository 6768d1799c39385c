// Calls the node's API with the bearer token, which is asked once and kept in sessionStorage
// (this tab only, never in a URL). A 401 asks for the token again and retries.
const KEY = 'taskrunner.token';
let asking = null;

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

export function token() {
  return sessionStorage.getItem(KEY) || '';
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

export function authHeaders(extra = {}) {
  const t = token();
  return t ? { ...extra, Authorization: 'Bearer ' + t } : extra;
}

/** Shows the token dialog until a token is entered; resolves once one is stored. */
export function askToken(message) {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  document.getElementById('token-error').textContent = message || '';
  input.value = '';
  asking = new Promise(resolve => {
    form.addEventListener('submit', () => {
      sessionStorage.setItem(KEY, input.value.trim());
      asking = null;
      resolve();
    }, { once: true });
  });
  if (!dialog.open) dialog.showModal();
  input.focus();
  return asking;
}

/** fetch() against the node; throws ApiError with the API's detail for any non-2xx answer. */
export async function call(path, options = {}) {
  for (;;) {
    const response = await fetch(path, { ...options, headers: authHeaders(options.headers || {}), cache: 'no-store' });
    if (response.status === 401) {
      await askToken(token() ? 'The node refused that token. Enter the right one.' : '');
      continue;
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new ApiError(response.status, detail);
    }
    return response;
  }
}

export async function json(path, options) {
  return (await call(path, options)).json();
}
