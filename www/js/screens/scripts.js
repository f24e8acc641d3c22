// Scripts and the outbox. The scripts API (/api/v1/scripts, /api/v1/outbox)
// comes with the scripting issue; until a server has it, these routes answer
// 404 and this screen says so. The calls below follow the planned shape and
// are kept in this one module, so wiring the real API touches only this file:
//   GET  /scripts                → {items: [{name, enabled, state, errorCount, lastError, updatedAt}]}
//   GET  /scripts/{name}         → {name, source, enabled, ...}
//   PUT  /scripts/{name}         {source} → compiled first; 400 with the compiler's message
//   POST /scripts/{name}/test    {topic, payload} → {ok, log: [..], error?}
//   POST /scripts/{name}/enable | /disable
//   GET  /outbox?state=          → {items: [{id, script, target, state, attempts, lastError, nextAttemptAt, createdAt}]}
//   POST /outbox/{id}/retry | /discard
import { h, clear } from '../dom.js';
import { t, has } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, pager, fill, button, badge, messageLine, errorBox, errorText, toast, field, jsonText } from '../ui.js';
import { formatTime } from '../time.js';
import { luaEditor } from '../lua.js';

const enc = encodeURIComponent;

function notAvailable() {
  return h('div.notice', { id: 'scripts-unavailable' }, h('h2', t('scripts.unavailableTitle')), h('p', t('scripts.unavailable')));
}

export async function render(root, { query }) {
  const scriptsBox = h('div.panel', { id: 'scripts-list' });
  const editorBox = h('div.panel', { id: 'script-editor' });
  const outboxBox = h('div.panel', { id: 'outbox' });
  root.append(h('div.screen-head', h('h1', t('nav.scripts'))), scriptsBox, editorBox, outboxBox);

  // One probe decides whether this server has the API at all.
  let scripts;
  try {
    scripts = await get('/scripts', { limit: 1000 });
  } catch (err) {
    clear(root).append(h('div.screen-head', h('h1', t('nav.scripts'))), err.status === 404 ? notAvailable() : errorBox(err));
    return undefined;
  }

  function drawList() {
    clear(scriptsBox).append(h('h2', t('scripts.list')), table([
      { title: t('scripts.name'), render: (s) => h('a', { href: `#/scripts?name=${enc(s.name)}` }, s.name) },
      { title: t('scripts.state'), render: (s) => badge(s.enabled === false ? t('scripts.disabled') : (has(`scripts.state.${s.state || 'ok'}`) ? t(`scripts.state.${s.state || 'ok'}`) : s.state), s.enabled === false ? 'disabled' : s.state || 'done') },
      { title: t('scripts.errors'), render: (s) => String(s.errorCount ?? 0) },
      { title: t('scripts.lastError'), render: (s) => s.lastError || '—' },
      { title: t('common.updated'), render: (s) => formatTime(s.updatedAt) },
    ], scripts.items || [], { empty: t('scripts.none') }));
  }
  drawList();

  async function openScript(name) {
    await fill(editorBox, async () => {
      const script = await get(`/scripts/${enc(name)}`);
      const editor = luaEditor(script.source || '', { readOnly: !can('operator') });
      const message = messageLine();
      message.id = 'script-message';
      const sample = h('textarea.code', { rows: 4, id: 'script-sample', spellcheck: false }, jsonText({ topic: 'record.created', payload: { id: 1, deviceId: 1, userId: 1, verifyType: 'face', result: 'pass' } }));
      const log = h('pre.json', { id: 'script-log' });
      const actions = can('operator') ? h('div.actions',
        button(t('common.save'), async () => {
          message.clear();
          try {
            await api('PUT', `/scripts/${enc(name)}`, { source: editor.value });
            message.ok(t('scripts.saved'));
            scripts = await get('/scripts', { limit: 1000 });
            drawList();
          } catch (err) { message.show(err); }
        }, 'primary'),
        button(script.enabled === false ? t('scripts.enable') : t('scripts.disable'), async () => {
          await api('POST', `/scripts/${enc(name)}/${script.enabled === false ? 'enable' : 'disable'}`);
          scripts = await get('/scripts', { limit: 1000 });
          drawList();
          openScript(name);
        })) : null;
      const testButton = button(t('scripts.test'), async () => {
        let event;
        try { event = JSON.parse(sample.value); } catch (err) { log.textContent = t('device.badJson', { reason: err.message }); return; }
        try {
          const result = await api('POST', `/scripts/${enc(name)}/test`, event);
          log.textContent = [...(result.log || []), result.error ? `error: ${result.error}` : ''].filter(Boolean).join('\n') || t('scripts.noLog');
        } catch (err) { log.textContent = errorText(err); }
      });
      return [h('h2', name), editor, message, actions, h('h3', t('scripts.testTitle')), field(t('scripts.sample'), sample), testButton, log];
    });
  }
  if (query.name) openScript(query.name);
  else editorBox.append(h('p.hint', t('scripts.pick')));

  let state = '';
  let offset = 0;
  async function loadOutbox() {
    await fill(outboxBox, async () => {
      let page;
      try {
        page = await get('/outbox', { state, offset, limit: 50 });
      } catch (err) {
        return [h('h2', t('outbox.title')), err.status === 404 ? notAvailable() : errorBox(err)];
      }
      const filter = h('select', { onchange: () => { state = filter.value; offset = 0; loadOutbox(); } },
        ['', 'pending', 'delivered', 'dead'].map((s) => h('option', { value: s, selected: s === state }, s ? t(`outbox.${s}`) : t('command.anyState'))));
      return [h('h2', t('outbox.title')), filter, table([
        { title: '#', render: (o) => String(o.id) },
        { title: t('outbox.script'), render: (o) => o.script || '—' },
        { title: t('outbox.target'), render: (o) => o.target || o.url || '—' },
        { title: t('command.state'), render: (o) => badge((has(`outbox.${o.state}`) ? t(`outbox.${o.state}`) : o.state), o.state === 'dead' ? 'failed' : o.state) },
        { title: t('outbox.attempts'), render: (o) => String(o.attempts ?? 0) },
        { title: t('scripts.lastError'), render: (o) => o.lastError || '—' },
        { title: t('outbox.next'), render: (o) => formatTime(o.nextAttemptAt) },
        can('operator') ? { title: '', cls: 'actions', render: (o) => (o.state === 'delivered' ? null : [
          button(t('outbox.retry'), async () => { await api('POST', `/outbox/${o.id}/retry`); toast(t('outbox.retried')); loadOutbox(); }, 'small'),
          button(t('outbox.discard'), async () => { await api('POST', `/outbox/${o.id}/discard`); toast(t('outbox.discarded')); loadOutbox(); }, 'small danger'),
        ]) } : null,
      ].filter(Boolean), page.items || [], { empty: t('outbox.none') }), page.total !== undefined ? pager(page, (o) => { offset = o; loadOutbox(); }) : null];
    });
  }
  await loadOutbox();
  return undefined;
}
