// Devices: every terminal that called in, with state, contact and what it reported.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can } from '../api.js';
import { table, pager, badge, button, toast, fill } from '../ui.js';
import { formatTime } from '../time.js';

// Terminals name the same thing differently; the first key present wins.
export function pick(obj, keys) {
  for (const k of keys) if (obj && obj[k] !== undefined && obj[k] !== null && obj[k] !== '') return obj[k];
  return '';
}
export const firmware = (d) => pick(d.reported, ['firmware', 'Firmware', 'FirmwareVersion', 'firmwareVersion', 'SoftwareVersion', 'Version', 'version']);
export const capacity = (d) => pick(d.reported, ['capacity', 'Capacity', 'UserCapacity', 'MaxUser', 'MaxUsers', 'FaceCapacity', 'maxPersons']);

export function stateBadge(d) {
  return h('span.states', badge(t(`state.${d.state}`), d.state), ' ', badge(d.online ? t('device.online') : t('device.offline'), d.online ? 'online' : 'offline'));
}

export async function render(root) {
  const body = h('div');
  root.append(h('div.screen-head', h('h1', t('nav.devices'))), body);
  let offset = 0;

  async function load() {
    await fill(body, async () => {
      const page = await get('/devices', { offset, limit: 50 });
      const columns = [
        { title: t('device.name'), render: (d) => h('a', { href: `#/devices/${d.id}`, class: 'device-link' }, d.name || d.serial) },
        { title: t('device.serial'), render: (d) => d.serial },
        { title: t('device.protocol'), render: (d) => d.protocol },
        { title: t('device.state'), render: stateBadge },
        { title: t('device.address'), render: (d) => (d.pendingAddress ? h('span.alarm', { title: t('device.pendingAddress') }, `${d.pinnedAddress} → ${d.pendingAddress}`) : (d.pinnedAddress || d.address || '—')) },
        { title: t('device.lastSeen'), render: (d) => formatTime(d.lastSeen) },
        { title: t('device.firmware'), render: (d) => firmware(d) || '—' },
        { title: t('device.capacity'), render: (d) => capacity(d) || '—' },
      ];
      if (can('operator')) {
        columns.push({ title: '', cls: 'actions', render: (d) => [
          d.state !== 'active' ? button(t('device.activate'), async () => { await api('POST', `/devices/${d.id}/activate`); toast(t('device.activated')); load(); }, 'small') : null,
          d.state !== 'disabled' ? button(t('device.disable'), async () => { await api('POST', `/devices/${d.id}/disable`); toast(t('device.disabled')); load(); }, 'small') : null,
        ] });
      }
      return [table(columns, page.items, { empty: t('device.none'), rowAttrs: (d) => ({ 'data-serial': d.serial }) }), pager(page, (o) => { offset = o; load(); })];
    });
  }
  await load();
  // Online flags change as terminals call in; a calm refresh keeps the list honest.
  const timer = setInterval(() => { if (!document.querySelector('.dialog')) load(); }, 5000);
  return () => clearInterval(timer);
}
