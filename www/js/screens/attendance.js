// Attendance: per person per day the first and last passing punch, hours,
// late/early against the shift of their department, over a date range and a
// department; CSV export; records per day per device as a chart.
import { h, clear, svg, append } from '../dom.js';
import { t } from '../i18n.js';
import { get, api, can, download, qs } from '../api.js';
import { table, fill, field, button, messageLine, busy } from '../ui.js';
import { formatTime, parseLocal, offsetMinutesAt, dateInput, addDays } from '../time.js';

export async function render(root, { query }) {
  const today = dateInput();
  const from = h('input', { type: 'date', id: 'attendance-from', value: query.from || addDays(today, -6) });
  const to = h('input', { type: 'date', id: 'attendance-to', value: query.to || today });
  const department = h('input', { type: 'text', id: 'attendance-department', placeholder: t('attendance.anyDepartment'), value: query.department || '' });
  const list = h('div');
  const chart = h('div.chart-box', { id: 'attendance-chart' });

  // Dates are the site's days: from the first one's midnight to the day after the last one.
  const filters = () => {
    const start = parseLocal(`${from.value}T00:00`);
    return { from: start, to: parseLocal(`${addDays(to.value, 1)}T00:00`), tz: offsetMinutesAt(start), department: department.value.trim() };
  };

  const start = h('input', { type: 'time', id: 'shift-start', required: true });
  const end = h('input', { type: 'time', id: 'shift-end', required: true });
  const grace = h('input', { type: 'number', id: 'shift-grace', min: 0, max: 720, value: 0 });
  const shiftFor = h('span.hint', { id: 'shift-for' });
  const shiftMessage = messageLine();
  shiftMessage.id = 'shift-message';
  const save = h('button.primary', { type: 'submit', id: 'shift-save', disabled: !can('operator') }, t('common.save'));
  const shiftForm = h('form.form-grid', { id: 'shift-form' },
    field(t('attendance.shiftStart'), start), field(t('attendance.shiftEnd'), end), field(t('attendance.grace'), grace), shiftFor, save, shiftMessage);
  shiftForm.addEventListener('submit', busy(save, async () => {
    shiftMessage.clear();
    await api('PUT', '/attendance/shifts', { department: department.value.trim(), start: start.value, end: end.value, graceMinutes: Number(grace.value || 0) });
    shiftMessage.ok(t('common.saved'));
    await load();
  }, (err) => shiftMessage.show(err)));

  root.append(h('div.screen-head', h('h1', t('nav.attendance'))),
    h('div.toolbar',
      h('form.filters', { id: 'attendance-filters', onsubmit: (e) => { e.preventDefault(); load(); } },
        h('label.inline', t('record.from'), from), h('label.inline', t('record.to'), to), department,
        h('button.primary', { type: 'submit', id: 'attendance-search' }, t('common.search'))),
      h('div.actions', button(t('record.export'), () => download(`/attendance/export.csv${qs(filters())}`, 'attendance.csv'), 'attendance-export'))),
    h('div.panel', h('h2', t('attendance.shift')), shiftForm),
    list,
    h('div.panel', h('h2', t('attendance.perDay')), chart));

  async function loadShift() {
    const shifts = (await get('/attendance/shifts')).items;
    const wanted = department.value.trim();
    const shift = shifts.find((s) => s.department === wanted) || shifts.find((s) => s.department === '') || { start: '09:00', end: '18:00', graceMinutes: 0 };
    start.value = shift.start;
    end.value = shift.end;
    grace.value = shift.graceMinutes;
    shiftFor.textContent = wanted ? t('attendance.shiftOf', { department: wanted }) : t('attendance.siteShift');
  }

  const clock = (ms) => (ms ? formatTime(ms, { date: false, seconds: false }) : '—');
  const minutes = (n) => (n > 0 ? t('attendance.minutes', { n }) : '—');

  async function load() {
    const f = filters();
    await fill(list, async () => {
      const result = await get('/attendance', f);
      return [table([
        { title: t('attendance.date'), render: (r) => r.date },
        { title: t('person.userId'), render: (r) => h('a', { href: `#/persons/${r.userId}` }, String(r.userId)) },
        { title: t('attendance.name'), render: (r) => r.name || '—' },
        { title: t('attendance.department'), render: (r) => r.department || '—' },
        { title: t('attendance.firstIn'), cls: 'first-in', render: (r) => h('span.first-in', clock(r.firstIn)) },
        { title: t('attendance.lastOut'), cls: 'last-out', render: (r) => h('span.last-out', clock(r.lastOut)) },
        { title: t('attendance.hours'), render: (r) => h('span.hours', r.lastOut ? r.hours.toFixed(2) : '—') },
        { title: t('attendance.late'), render: (r) => h(r.lateMinutes ? 'span.late.bad' : 'span.late', minutes(r.lateMinutes)) },
        { title: t('attendance.early'), render: (r) => h(r.earlyMinutes ? 'span.early.bad' : 'span.early', minutes(r.earlyMinutes)) },
      ], result.items, { empty: t('attendance.none'), rowAttrs: (r) => ({ 'data-attendance': `${r.userId}/${r.date}` }) }),
      result.truncated ? h('p.hint', t('attendance.truncated')) : null];
    });
    loadShift().catch(() => { /* the table shows the server's errors */ });
    drawChart(f).catch((err) => { clear(chart).append(h('p.hint', String(err.message || err))); });
  }

  async function drawChart(f) {
    const [counts, devices] = await Promise.all([get('/records/per-day', { from: f.from, to: f.to, tz: f.tz }), get('/devices', { limit: 1000 }).catch(() => ({ items: [] }))]);
    append(clear(chart), [perDayChart(counts.items, devices.items, from.value, to.value)]);
  }

  await load();
}

// Stacked bars: one per day, one colour per device, with a legend.
function perDayChart(items, devices, first, last) {
  const days = [];
  for (let d = first; d <= last && days.length < 366; d = addDays(d, 1)) days.push(d);
  const deviceIds = [...new Set(items.map((i) => i.deviceId))];
  const name = (id) => { const d = devices.find((x) => x.id === id); return d ? d.name || d.serial : `#${id}`; };
  const totals = days.map((d) => items.filter((i) => i.date === d).reduce((n, i) => n + i.records, 0));
  const max = Math.max(1, ...totals);
  const width = 720;
  const height = 180;
  const barW = width / Math.max(1, days.length);
  const bars = days.map((d, i) => {
    let y = height - 16;
    return svg('g', { 'data-day': d },
      ...deviceIds.map((id, k) => {
        const n = items.find((x) => x.date === d && x.deviceId === id)?.records || 0;
        if (!n) return null;
        const bh = Math.max(1, (n / max) * (height - 32));
        y -= bh;
        return svg('rect', { x: i * barW + 1, y, width: Math.max(1, barW - 2), height: bh, class: `bar series-${k % 6}` },
          svg('title', {}, `${d} · ${name(id)}: ${n}`));
      }),
      days.length <= 31 || i % 7 === 0 ? svg('text', { x: i * barW + barW / 2, y: height - 3, 'text-anchor': 'middle', class: 'axis' }, d.slice(5)) : null);
  });
  const legend = h('div.legend', deviceIds.map((id, k) => h('span', h(`i.swatch.series-${k % 6}`), name(id))));
  return [svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': t('attendance.perDay') },
    svg('text', { x: width - 4, y: 12, 'text-anchor': 'end', class: 'axis' }, t('dash.max', { max })), ...bars), legend];
}
