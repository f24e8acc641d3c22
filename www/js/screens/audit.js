// The audit log: who changed what, newest first.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { table, pager, fill } from '../ui.js';
import { formatTime } from '../time.js';

export async function render(root) {
  const actor = h('input', { id: 'audit-actor', placeholder: t('audit.actor') });
  const action = h('input', { id: 'audit-action', placeholder: t('audit.actionHint') });
  const target = h('input', { id: 'audit-target', placeholder: t('audit.targetHint') });
  const list = h('div');
  let offset = 0;
  root.append(h('div.screen-head', h('h1', t('nav.audit'))),
    h('div.toolbar', h('form.filters', { onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } }, actor, action, target, h('button', { type: 'submit' }, t('common.search')))),
    list);
  async function load() {
    await fill(list, async () => {
      const page = await get('/audit', { actor: actor.value.trim(), action: action.value.trim(), target: target.value.trim(), offset, limit: 50 });
      return [table([
        { title: t('audit.at'), render: (e) => formatTime(e.at) },
        { title: t('audit.actor'), render: (e) => e.actor },
        { title: t('audit.action'), render: (e) => h('code', e.action) },
        { title: t('audit.target'), render: (e) => e.target },
        { title: t('audit.detail'), cls: 'detail', render: (e) => h('code.small', typeof e.detail === 'object' ? JSON.stringify(e.detail) : String(e.detail ?? '')) },
      ], page.items), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
}
