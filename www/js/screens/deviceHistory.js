// A device's history on its page: the alarms it reported (kept by the
// server, newest first, paged), the addresses it called from, and its clock
// against the server's at the last reading.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { table, pager, badge, fill } from '../ui.js';
import { formatTime } from '../time.js';

// "+42 s" / "−3 min": how far the terminal's clock is off, and which way.
function skewText(seconds) {
  const abs = Math.abs(seconds);
  const amount = abs < 120 ? t('clock.seconds', { n: abs }) : abs < 7200 ? t('clock.minutes', { n: Math.round(abs / 60) }) : t('clock.hours', { n: Math.round(abs / 3600) });
  return seconds === 0 ? t('clock.exact') : seconds > 0 ? t('clock.ahead', { amount }) : t('clock.behind', { amount });
}

// The clock line of the device's facts (a <dd>), with a warning past the threshold.
export async function clockFacts(id) {
  const clock = await get(`/devices/${id}/clock`);
  if (clock.skewS === null || clock.skewS === undefined) return h('dd', { id: 'device-clock', class: 'clock-unknown' }, t('clock.unknown'));
  return h('dd', { id: 'device-clock', class: clock.warning ? 'clock-warning' : 'clock-ok' },
    clock.warning ? h('span.alarm', '⚠ ', skewText(clock.skewS)) : skewText(clock.skewS),
    clock.checkedAt ? h('small.hint', ` · ${t('clock.checkedAt', { time: formatTime(clock.checkedAt) })}`) : null,
    clock.warning ? h('small.hint', ` · ${t('clock.warning', { limit: clock.warnAfterS })}`) : null);
}

export function alarmPanel(id) {
  const panel = h('div.panel', { id: 'device-alarms' });
  let offset = 0;
  async function load() {
    await fill(panel, async () => {
      const page = await get(`/devices/${id}/alarms`, { offset, limit: 20 });
      return [h('h2', t('alarm.history')), table([
        { title: t('alarm.at'), render: (a) => formatTime(a.at) },
        { title: t('alarm.kind'), render: (a) => h('code', a.alarm) },
        { title: t('alarm.state'), render: (a) => (a.cleared ? badge(t('alarm.cleared'), 'done') : badge(t('alarm.raised'), 'failed')) },
        { title: t('alarm.source'), render: (a) => [a.source, a.event].filter(Boolean).join(' · ') || '—' },
      ], page.items, { empty: t('alarm.none'), rowAttrs: (a) => ({ 'data-alarm': a.id }) }),
      page.total > page.limit ? pager(page, (o) => { offset = o; load(); }) : null];
    });
  }
  panel.load = load;
  return panel;
}

export function addressPanel(id) {
  const panel = h('div.panel', { id: 'device-addresses' });
  panel.load = () => fill(panel, async () => {
    const { items } = await get(`/devices/${id}/addresses`);
    return [h('h2', t('address.history')), table([
      { title: t('device.address'), render: (a) => [h('code', a.address), a.current ? h('small.hint', ` · ${t('address.current')}`) : null] },
      { title: t('address.firstSeen'), render: (a) => formatTime(a.firstSeen) },
      { title: t('address.lastSeen'), render: (a) => formatTime(a.lastSeen) },
    ], items, { empty: t('address.none'), rowAttrs: (a) => ({ 'data-address': a.address }) })];
  });
  return panel;
}
