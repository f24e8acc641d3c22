// Small pieces every screen uses: tables, paging, messages, dialogs.
import { h, clear } from './dom.js';
import { t, has, lang } from './i18n.js';

// What a person reads when something failed: the server's own message (it
// names the field), prefixed by what kind of failure it was.
export function errorText(err) {
  if (!err) return '';
  if (err.name === 'AbortError') return '';
  const status = err.status;
  const kind = status === 0 ? t('err.kind.network')
    : status === 401 ? t('err.kind.401')
    : status === 403 ? t('err.kind.403')
    : status === 404 ? t('err.kind.404')
    : status === 409 ? t('err.kind.409')
    : status === 413 ? t('err.kind.413')
    : status === 415 ? t('err.kind.415')
    : status === 422 ? t('err.kind.422')
    : status === 429 ? t('err.kind.429')
    : status >= 500 ? t('err.kind.500')
    : status >= 400 ? t('err.kind.400') : t('err.kind.other');
  const detail = detailText(err);
  return detail && detail !== kind ? `${kind}: ${detail}` : kind;
}

// The API's messages are English; its error codes are stable. A page in
// Chinese shows the code's translation (naming the field), English pages the
// server's own, more precise, sentence. errorBox() keeps that sentence as the
// tooltip either way.
function detailText(err) {
  const key = err.code === 'invalid' && !err.field ? 'err.code.bad_request' : `err.code.${err.code}`;
  if (lang() === 'en' || !err.code || !has(key)) return err.message;
  const field = err.field && has(`field.${err.field}`) ? t(`field.${err.field}`) : err.field;
  return t(key, { field: field || '' });
}

export function errorBox(err) {
  return h('div.error', { role: 'alert', title: err && err.message ? t('err.detail', { detail: err.message }) : null }, errorText(err));
}

// A status line inside a screen that shows errors and successes.
export function messageLine() {
  const el = h('div.message', { 'aria-live': 'polite' });
  el.show = (err) => { el.className = 'message error'; el.textContent = errorText(err); el.title = err && err.message ? t('err.detail', { detail: err.message }) : ''; };
  el.ok = (text) => { el.className = 'message ok'; el.textContent = text; };
  el.clear = () => { el.className = 'message'; el.textContent = ''; };
  return el;
}

let toastHost = null;
export function toast(text, kind = 'ok') {
  if (!toastHost) toastHost = document.body.appendChild(h('div.toasts'));
  const el = h(`div.toast.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
  toastHost.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 3500);
}

export function toastError(err) {
  const text = errorText(err);
  if (text) toast(text, 'error');
}

// Runs `action` with the button disabled; errors go to `onError` (default: a toast).
export function busy(button, action, onError = toastError) {
  return async (event) => {
    if (event) event.preventDefault();
    button.disabled = true;
    try {
      await action(event);
    } catch (err) {
      onError(err);
    } finally {
      button.disabled = false;
    }
  };
}

export function button(label, onClick, cls = '') {
  const b = h(`button${cls ? '.' + cls.split(' ').join('.') : ''}`, { type: 'button' }, label);
  b.addEventListener('click', busy(b, onClick));
  return b;
}

export function badge(text, kind) {
  return h(`span.badge.${kind || text}`, text);
}

// columns: [{title, render: row => node|string, cls}]
export function table(columns, rows, { empty, rowAttrs } = {}) {
  const head = h('thead', h('tr', columns.map((c) => h('th', { class: c.cls }, c.title))));
  const body = h('tbody');
  if (!rows.length) {
    body.append(h('tr', h('td.empty', { colSpan: columns.length }, empty || t('common.none'))));
  }
  for (const row of rows) {
    body.append(h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c) => h('td', { class: c.cls, 'data-label': c.title }, c.render(row)))));
  }
  return h('div.table-wrap', h('table', head, body));
}

// Paging for {total, offset, limit} answers; onPage(offset) loads another page.
export function pager(page, onPage) {
  const { total, offset, limit } = page;
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  const prev = h('button', { type: 'button', disabled: offset === 0, onclick: () => onPage(Math.max(0, offset - limit)) }, t('common.prev'));
  const next = h('button', { type: 'button', disabled: to >= total, onclick: () => onPage(offset + limit) }, t('common.next'));
  return h('div.pager', prev, h('span', t('common.range', { from, to, total })), next);
}

// A labelled form row.
export function field(label, input, hint) {
  return h('label.field', h('span.label', label), input, hint ? h('small.hint', hint) : null);
}

// A modal dialog; resolves with what close(value) was given.
export function dialog(title, content, actions = []) {
  let resolve;
  const done = new Promise((r) => { resolve = r; });
  const close = (value) => { overlay.remove(); document.removeEventListener('keydown', onKey); resolve(value); };
  const onKey = (e) => { if (e.key === 'Escape') close(undefined); };
  const box = h('div.dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
    h('div.dialog-head', h('h2', title), h('button.icon', { type: 'button', 'aria-label': t('common.close'), onclick: () => close(undefined) }, '×')),
    h('div.dialog-body', content),
    actions.length ? h('div.dialog-actions', actions.map((a) => {
      const b = h(`button${a.cls ? '.' + a.cls : ''}`, { type: 'button' }, a.label);
      b.addEventListener('click', busy(b, async () => { const v = a.run ? await a.run() : a.value; if (v !== false) close(v); }, a.onError));
      return b;
    })) : null);
  const overlay = h('div.overlay', { onclick: (e) => { if (e.target === overlay) close(undefined); } }, box);
  document.addEventListener('keydown', onKey);
  document.body.append(overlay);
  return { done, close, box };
}

export async function confirmDialog(text, okLabel) {
  const { done } = dialog(t('common.confirm'), h('p', text), [
    { label: t('common.cancel'), value: false },
    { label: okLabel || t('common.ok'), value: true, cls: 'danger' },
  ]);
  return (await done) === true;
}

export function loading() { return h('div.loading', t('common.loading')); }

// Replaces `root`'s content with the result of `build` (a promise of nodes),
// showing a loading line meanwhile and a readable error if it fails.
// A refresh keeps the old content until the new one is ready (no flicker).
export async function fill(root, build) {
  if (!root.firstChild) root.append(loading());
  try {
    const nodes = await build();
    clear(root).append(...[nodes].flat().filter(Boolean));
  } catch (err) {
    if (err && err.name === 'AbortError') return;
    clear(root).append(errorBox(err));
  }
}

// Pretty JSON for <pre>.
export function jsonText(value) {
  try { return JSON.stringify(value, null, 2); } catch { return String(value); }
}
