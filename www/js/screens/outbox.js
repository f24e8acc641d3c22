// The outbox panel of the scripts screen (README "Outbox"): the durable
// deliveries of passway.outbox.send / sms.send, newest first, filtered by
// state; operators and admins may retry (due now, attempts kept) or discard
// (deleted, never sent). A delivered item can be neither retried nor
// discarded here: the server answers 409 to a retry of one.
import { h } from '../dom.js';
import { t, has } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, pager, fill, button, badge, toast, confirmDialog, dialog, jsonText } from '../ui.js';
import { formatTime } from '../time.js';

const REFRESH_MS = 5000;

function stateBadge(o) {
  return badge(has(`outbox.${o.state}`) ? t(`outbox.${o.state}`) : o.state, o.state);
}

function details(o) {
  let body = o.body || '';
  try { body = jsonText(JSON.parse(body)); } catch { /* not JSON: shown as it is */ }
  dialog(t('outbox.item', { id: o.id }), [
    h('p', h('code', `${o.method} ${o.url}`)),
    h('p.hint', t('outbox.key'), ': ', o.idempotencyKey),
    h('h3', t('outbox.headers')), h('pre.json', jsonText(o.headers || {})),
    h('h3', t('outbox.body')), h('pre.json', body || '—'),
  ]);
}

// Fills `box` and keeps it fresh; resolves to a cleanup function.
export async function outboxPanel(box) {
  let state = '';
  let offset = 0;
  let stopped = false;

  async function load() {
    await fill(box, async () => {
      const page = await get('/outbox', { state, offset, limit: 50 });
      const filter = h('select', { id: 'outbox-state', 'aria-label': t('command.state'), onchange: () => { state = filter.value; offset = 0; load(); } },
        ['', 'pending', 'delivered', 'dead'].map((s) => h('option', { value: s, selected: s === state }, s ? t(`outbox.${s}`) : t('command.anyState'))));
      const refresh = button(t('outbox.refresh'), load);
      return [h('div.screen-head', h('h2', t('outbox.title')), h('div.actions', filter, refresh)), table([
        { title: '#', render: (o) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); details(o); } }, String(o.id)) },
        { title: t('outbox.script'), render: (o) => o.origin || '—' },
        { title: t('outbox.target'), cls: 'wrap', render: (o) => `${o.method} ${o.url}` },
        { title: t('command.state'), render: stateBadge },
        { title: t('outbox.attempts'), render: (o) => String(o.attempts ?? 0) },
        { title: t('scripts.lastError'), cls: 'wrap', render: (o) => o.lastError || '—' },
        { title: t('outbox.next'), render: (o) => (o.state === 'pending' && o.nextAttemptAt ? formatTime(o.nextAttemptAt) : '—') },
        { title: t('common.created'), render: (o) => formatTime(o.createdAt) },
        can('operator') ? { title: '', cls: 'actions', render: (o) => (o.state === 'delivered' ? null : [
          button(t('outbox.retry'), async () => { await api('POST', `/outbox/${o.id}/retry`); toast(t('outbox.retried')); await load(); }, 'small outbox-retry'),
          button(t('outbox.discard'), async () => {
            if (!(await confirmDialog(t('outbox.confirmDiscard', { id: o.id, url: o.url }), t('outbox.discard')))) return;
            await api('POST', `/outbox/${o.id}/discard`);
            toast(t('outbox.discarded'));
            await load();
          }, 'small danger outbox-discard'),
        ]) } : null,
      ].filter(Boolean), page.items || [], { empty: t('outbox.none'), rowAttrs: (o) => ({ 'data-outbox-id': String(o.id), 'data-state': o.state }) }),
      pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
  // Deliveries move on by themselves (attempts, delivered, dead): refresh
  // while nobody has a dialog open.
  const timer = setInterval(() => { if (!stopped && !document.querySelector('.overlay')) load(); }, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}
