// Commands of every device, newest first, filtered by device and state.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { pager, fill } from '../ui.js';
import { commandTable } from './device.js';

const STATES = ['queued', 'sent', 'done', 'failed', 'expired', 'unknown'];

export async function render(root, { query }) {
  let devices = [];
  try { devices = (await get('/devices', { limit: 1000 })).items; } catch { /* ids only */ }
  const device = h('select', { id: 'command-device' }, h('option', { value: '' }, t('record.anyDevice')),
    devices.map((d) => h('option', { value: d.id, selected: String(d.id) === query.deviceId }, d.name || d.serial)));
  const state = h('select', { id: 'command-state' }, h('option', { value: '' }, t('command.anyState')), STATES.map((s) => h('option', { value: s }, t(`cmd.${s}`))));
  const list = h('div');
  let offset = 0;
  root.append(h('div.screen-head', h('h1', t('nav.commands'))),
    h('div.toolbar', h('form.filters', { onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } }, device, state, h('button', { type: 'submit' }, t('common.search')))),
    list);
  async function load() {
    await fill(list, async () => {
      const page = await get('/commands', { deviceId: device.value, state: state.value, offset, limit: 50 });
      return [commandTable(page.items, true), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
  const timer = setInterval(() => { if (offset === 0) load(); }, 5000);
  return () => clearInterval(timer);
}
