// Plugins: every plugin in the server's plugins folder with its state,
// listeners (and what to point terminals at), devices, counts, its settings
// form and its command kinds, all from what the plugin declares
// (passway_plugin_declarations). Admins enable, disable and restart a plugin here; a changed setting
// restarts that plugin alone.
import { h, clear, append } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can } from '../api.js';
import { badge, button, errorBox, fill, table, toast } from '../ui.js';
import { settingsForm } from '../settingsForm.js';

const enc = encodeURIComponent;

function stateBadge(p) {
  return badge(t(`plugin.state.${p.state}`), p.state === 'running' ? 'active' : p.state === 'stopped' ? 'pending' : 'failed');
}

function listeners(p) {
  if (!p.listeners.length) return h('span.hint', t('plugin.noListeners'));
  return h('ul.listeners', p.listeners.map((l) =>
    h('li', h('code', `${l.protocol} ${l.address}:${l.port}`), l.tls ? ` ${t('plugin.tls')}` : '', ' → ', h('span.connect', l.connect))));
}

function commands(p) {
  if (!p.commands.length) return h('p.hint', t('plugin.noCommands'));
  return table([
    { title: t('plugin.kind'), render: (c) => h('code', c.kind) },
    { title: t('plugin.commandDescription'), render: (c) => c.description },
    { title: t('plugin.args'), render: (c) => c.args.map((a) => h('div', h('code', a.name), ` (${a.type}${a.required ? ', ' + t('plugin.required') : ''}) `, a.description)) },
  ], p.commands);
}

function card(p, reload) {
  const actions = [];
  if (can('admin')) {
    if (p.enabled) {
      actions.push(button(t('plugin.disable'), async () => { await api('POST', `/plugins/${enc(p.id)}/disable`); toast(t('plugin.disabled', { id: p.id })); await reload(); }, 'plugin-disable'));
      actions.push(button(t('plugin.restart'), async () => { const r = await api('POST', `/plugins/${enc(p.id)}/restart`); toast(t('plugin.restarted', { id: p.id, state: t(`plugin.state.${r.state}`) })); await reload(); }, 'plugin-restart'));
    } else if (p.state !== 'refused') {
      actions.push(button(t('plugin.enable'), async () => {
        const r = await api('POST', `/plugins/${enc(p.id)}/enable`);
        toast(r.state === 'running' ? t('plugin.enabled', { id: p.id }) : `${p.id}: ${t(`plugin.state.${r.state}`)} ${r.reason}`, r.state === 'running' ? 'ok' : 'error');
        await reload();
      }, 'primary plugin-enable'));
    }
  }
  const details = h('details.plugin-more', h('summary', t('plugin.settingsAndCommands')));
  if (can('admin')) {
    // Saving restarts the plugin; the card's state follows at the next
    // refresh (after the settings are closed).
    details.append(settingsForm(p.settings, async (values) => {
      const r = await api('PUT', `/plugins/${enc(p.id)}/settings`, { values });
      toast(t('plugin.restarted', { id: p.id, state: t(`plugin.state.${r.state}`) }), r.state === 'running' || r.state === 'stopped' ? 'ok' : 'error');
      return r;
    }, { idPrefix: `plugin-${p.id}`, title: t('plugin.settings') }));
  }
  details.append(h('h3', t('plugin.commands')), commands(p));
  return h('div.panel.plugin', { 'data-plugin': p.id },
    h('div.screen-head', h('h2', p.id, ' ', h('small', p.version)), stateBadge(p), h('div.actions', actions)),
    p.reason ? h('p.error.plugin-reason', p.reason) : null,
    p.declarationsError ? h('p.error', t('plugin.badDeclarations'), ': ', p.declarationsError) : null,
    h('p', p.description),
    h('dl.facts',
      h('dt', t('plugin.api')), h('dd', p.apiVersion || '—'),
      h('dt', t('plugin.listeners')), h('dd', listeners(p)),
      h('dt', t('plugin.devices')), h('dd.plugin-devices', t('plugin.devicesOnline', { online: p.devicesOnline, total: p.devices })),
      h('dt', t('plugin.requests')), h('dd', t('plugin.requestsErrors', { requests: p.requests, errors: p.errors }))),
    details);
}

export async function render(root) {
  const list = h('div', { id: 'plugins' });
  const head = h('p.hint');
  root.append(h('div.screen-head', h('h1', t('nav.plugins'))), head, list);
  async function reload() {
    await fill(list, async () => {
      const answer = await get('/plugins');
      clear(head);
      append(head, [t('plugin.folder', { dir: answer.directory, api: answer.hostApiVersion })]);
      if (answer.enabledSource === 'set') head.append(' ', h('strong', t('plugin.enabledBySet')));
      if (!answer.items.length) return h('p.hint', t('plugin.none'));
      return answer.items.map((p) => card(p, reload));
    });
  }
  await reload();
  const timer = setInterval(() => { if (!list.querySelector('details[open]') && !document.querySelector('.overlay')) reload(); }, 5000);
  return () => clearInterval(timer);
}
