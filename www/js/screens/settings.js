// Settings: this browser's preferences (language, timezone) and, for
// admins, the server's effective configuration (read-only, secrets masked).
import { h, clear } from '../dom.js';
import { t, lang, setLang } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, fill, field, toast } from '../ui.js';
import { settingsForm } from '../settingsForm.js';
import { timeZone, timeZones, setTimeZone, browserTimeZone, formatTime } from '../time.js';

export async function render(root) {
  const language = h('select', { id: 'setting-language', onchange: () => setLang(language.value) },
    h('option', { value: 'zh', selected: lang() === 'zh' }, '中文'), h('option', { value: 'en', selected: lang() === 'en' }, 'English'));
  const zones = timeZones();
  const zone = h('select', { id: 'setting-timezone' },
    h('option', { value: '' }, t('settings.browserZone', { zone: browserTimeZone() })),
    zones.map((z) => h('option', { value: z, selected: localStorage.getItem('passway.timezone') === z }, z)));
  const sample = h('span.hint', t('settings.now', { time: formatTime(Date.now()) }));
  zone.addEventListener('change', () => {
    setTimeZone(zone.value);
    sample.textContent = t('settings.now', { time: formatTime(Date.now()) });
    toast(t('settings.zoneSet', { zone: timeZone() }));
  });
  const server = h('div');
  root.append(h('div.screen-head', h('h1', t('nav.settings'))),
    h('div.panel', h('h2', t('settings.browser')), h('div.form-grid', field(t('app.language'), language), field(t('settings.timezone'), zone, sample))),
    h('div.panel', h('h2', t('settings.server')), server));
  if (!can('admin')) {
    server.append(h('p.hint', t('settings.adminOnly')));
    return;
  }
  // The settings this page may change (stored on the server, above the INI
  // file and below --set): SMS gateway, outbox, face thresholds, devices.
  const runtime = h('div.panel', { id: 'runtime-settings' });
  root.insertBefore(runtime, root.lastChild);
  // Settings that apply at a restart and were changed since this server
  // started: said at the top, and next to each (settingsForm).
  const pending = h('div.message.warn', { id: 'restart-pending', role: 'status' });
  const drawPending = (items) => {
    const keys = items.filter((i) => i.restartPending).map((i) => i.key);
    pending.hidden = !keys.length;
    pending.textContent = keys.length ? t('settings.restartPending', { keys: keys.join(', ') }) : '';
  };
  const save = async (values) => {
    const answer = await api('PUT', '/settings/runtime', { values });
    drawPending(answer.items);
    return answer;
  };
  const drawRuntime = (answer) => {
    drawPending(answer.items);
    clear(runtime).append(h('h2', t('settings.runtime')), h('p.hint', t('settings.runtimeHint')), pending,
      settingsForm(answer.items, save, { idPrefix: 'runtime' }));
  };
  await fill(runtime, async () => { drawRuntime(await get('/settings/runtime')); return Array.from(runtime.childNodes); });
  const filter = h('input', { type: 'search', id: 'settings-filter', placeholder: t('settings.filter') });
  let items = [];
  const list = h('div');
  const draw = () => fill(list, async () => table([
    { title: t('settings.key'), render: (s) => h('code', s.key) },
    { title: t('settings.value'), render: (s) => (s.secret ? h('span.secret', { title: t('settings.masked') }, s.value || t('settings.unset')) : h('code', s.value)) },
  ], items.filter((s) => !filter.value || s.key.includes(filter.value.trim())), { rowAttrs: (s) => ({ 'data-key': s.key }) }));
  filter.addEventListener('input', draw);
  server.append(h('p.hint', t('settings.readOnly')), filter, list);
  await fill(list, async () => {
    items = (await get('/settings')).items;
    return [];
  });
  await draw();
}
