// The admin REST API (README "Admin REST API"): one fetch wrapper that adds
// the token, turns every failure into an ApiError with a readable message,
// and ends the session on 401.
import { t } from './i18n.js';

const SESSION_KEY = 'passway.session';
const ROLES = ['viewer', 'operator', 'admin'];

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

// The session (token, expiry, user) lives in sessionStorage, not
// localStorage: it survives a reload of the tab but ends with the tab, is
// not shared with other tabs, and is not left on disk for the next person at
// a shared console. README "Admin page" says why not memory alone.
let session = loadSession();
localStorage.removeItem(SESSION_KEY);  // a token an older page version left there

function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    return s && s.token && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function currentUser() { return session ? session.user : null; }

// True when the logged-in user's role is `role` or above (the server checks anyway).
export function can(role) {
  const user = currentUser();
  return !!user && ROLES.indexOf(user.role) >= ROLES.indexOf(role);
}

export function setSession(s) {
  session = s;
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

// `reason` (a text) is shown on the login page, e.g. why the session ended.
export function logout(reason = '') {
  if (reason) sessionStorage.setItem('passway.loginReason', reason);
  setSession(null);
  window.dispatchEvent(new Event('passway:logout'));
}

export function authHeader() {
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

// '?a=1&b=x' from an object, leaving out empty values.
export function qs(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: a proxy's page, a cut connection */ }
  const e = body && body.error;
  if (e && e.message) return new ApiError(response.status, e.code || '', e.message, e.field);
  return new ApiError(response.status, 'http', t('err.http', { status: response.status }));
}

// Raw fetch under /api/v1 with the token. Resolves to the Response when it is
// a success, rejects with ApiError otherwise.
export async function request(method, path, { body, type, signal, headers } = {}) {
  const init = { method, headers: { ...authHeader(), ...(headers || {}) }, signal };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof FormData || typeof body === 'string') {
      init.body = body;
      if (type) init.headers['Content-Type'] = type;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', t('err.network'));
  }
  if (response.ok) return response;
  const error = await errorFrom(response);
  if (response.status === 401 && path !== '/auth/login' && session) logout(t('login.ended'));
  throw error;
}

// JSON in, JSON out; 204 gives null.
export async function api(method, path, body, options = {}) {
  const response = await request(method, path, { ...options, body });
  if (response.status === 204 || method === 'HEAD') return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, params, options) => api('GET', path + qs(params), undefined, options);

export async function login(username, password) {
  const result = await api('POST', '/auth/login', { username, password });
  setSession({ token: result.token, expiresAt: result.expiresAt, user: result.user });
  return result.user;
}

// Saves what a GET route answers as a file (CSV exports need the token, so a
// plain link cannot do it).
export async function download(path, filename) {
  const response = await request('GET', path);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Photos need the token too: fetched once, shown from a blob: URL. Record
// photos never change and person photos change their path's ETag, so a small
// cache keyed by path and content id is safe.
const imageCache = new Map();
const IMAGE_CACHE_MAX = 300;

export async function imageUrl(path, contentId = '') {
  const key = `${path}#${contentId}`;
  if (imageCache.has(key)) return imageCache.get(key);
  const promise = request('GET', path).then(async (r) => URL.createObjectURL(await r.blob()));
  imageCache.set(key, promise);
  promise.catch(() => imageCache.delete(key));
  if (imageCache.size > IMAGE_CACHE_MAX) {
    const [oldest, value] = imageCache.entries().next().value;
    imageCache.delete(oldest);
    value.then((url) => URL.revokeObjectURL(url)).catch(() => {});
  }
  return promise;
}
