// The dashboard: devices by state, records today and per hour, alarms,
// backlogs; kept live by the event stream.
import { h, clear, svg } from '../dom.js';
import { t } from '../i18n.js';
import { get } from '../api.js';
import { errorBox } from '../ui.js';
import { connectEvents } from '../events.js';
import { formatTime, startOfDay, hourOf } from '../time.js';

const HOUR = 3600 * 1000;

// Gauges of /metrics (public, counts only) the dashboard shows.
async function metrics() {
  const response = await fetch('/metrics');
  if (!response.ok) return {};
  const text = await response.text();
  const values = {};
  for (const line of text.split('\n')) {
    const m = /^(passway_[a-z_]+)(?:\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
    if (m && !(m[1] in values)) values[m[1]] = Number(m[2]);
  }
  return values;
}

function card(id, label, value, kind = '') {
  return h(`div.card${kind ? '.' + kind : ''}`, { id }, h('div.value', String(value)), h('div.label', label));
}

function hourChart(counts, nowHour) {
  const max = Math.max(1, ...counts);
  const width = 480;
  const height = 140;
  const barW = width / 24;
  const bars = counts.map((c, i) => {
    const bh = Math.round((c / max) * (height - 24));
    return svg('g', {},
      svg('rect', { x: i * barW + 2, y: height - 16 - bh, width: barW - 4, height: bh, class: i === nowHour ? 'bar now' : 'bar' },
        svg('title', {}, `${String(i).padStart(2, '0')}:00 — ${c}`)),
      i % 3 === 0 ? svg('text', { x: i * barW + barW / 2, y: height - 3, 'text-anchor': 'middle', class: 'axis' }, String(i).padStart(2, '0')) : null);
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': t('dash.perHour') },
    svg('text', { x: width - 4, y: 12, 'text-anchor': 'end', class: 'axis' }, t('dash.max', { max })), ...bars);
}

// A script whose oldest unhandled event is this old is falling behind.
const BEHIND_WARN_SECONDS = 60;

export async function render(root) {
  const state = { devices: [], today: 0, hours: new Array(24).fill(0), dayStart: startOfDay(), metrics: {}, alarms: [], feed: [], scripts: null, behind: null };
  const cards = h('div.cards');
  const chartBox = h('div.panel', h('h2', t('dash.perHour')), h('div.chart-box'));
  const alarms = h('div.panel', h('h2', t('dash.alarms')), h('ul.alarms'));
  const feed = h('div.panel', h('h2', t('dash.feed')), h('ul.feed', { id: 'event-feed' }));
  const live = h('span.live.off', { id: 'live-state' }, t('dash.connecting'));
  const problems = h('div');
  root.append(h('div.screen-head', h('h1', t('nav.dashboard')), live), problems, cards, h('div.grid2', chartBox, alarms), feed);

  function drawCards() {
    const d = state.devices;
    const online = d.filter((x) => x.online).length;
    const pending = d.filter((x) => x.state === 'pending').length;
    const offline = d.filter((x) => !x.online && x.state !== 'pending').length;
    const m = state.metrics;
    const val = (k) => (k in m ? m[k] : '—');
    clear(cards).append(
      card('card-online', t('dash.online'), online, 'good'),
      card('card-offline', t('dash.offline'), offline, offline ? 'warn' : ''),
      card('card-pending', t('dash.pending'), pending, pending ? 'attn' : ''),
      card('card-today', t('dash.today'), state.today),
      card('card-alarms', t('dash.alarmCount'), state.alarms.length, state.alarms.length ? 'warn' : ''),
      card('card-outbox', m.passway_outbox_dead ? t('dash.outboxDead', { dead: m.passway_outbox_dead }) : t('dash.outbox'), val('passway_outbox_pending'),
        m.passway_outbox_dead ? 'warn' : m.passway_outbox_pending ? 'attn' : ''),
      card('card-sync', t('dash.sync'), val('passway_sync_pending')),
      card('card-commands', t('dash.commands'), val('passway_commands_queued')),
      card('card-scripts', t('dash.failingScripts'), state.scripts === null ? t('common.na') : state.scripts, state.scripts ? 'warn' : ''),
      behindCard());
  }
  // The script furthest behind in the event journal: events not yet
  // handled, and how old the oldest of them is.
  function behindCard() {
    const b = state.behind;
    if (!b) return card('card-behind', t('dash.behind'), t('common.na'));
    const title = b.lagEvents ? t('dash.behindBy', { name: b.name, seconds: Math.round(b.lagSeconds) }) : t('dash.behind');
    return card('card-behind', title, b.lagEvents, b.lagSeconds >= BEHIND_WARN_SECONDS ? 'warn' : b.lagEvents ? 'attn' : '');
  }
  function drawChart() {
    clear(chartBox.querySelector('.chart-box')).append(hourChart(state.hours, hourOf(Date.now())));
  }
  function drawAlarms() {
    const list = clear(alarms.querySelector('ul'));
    if (!state.alarms.length) list.append(h('li.empty', t('dash.noAlarms')));
    for (const a of state.alarms.slice(0, 10)) list.append(h('li', h('time', formatTime(a.at)), ' ', h('b', deviceName(a.payload.deviceId)), ' ', describe(a.payload)));
  }
  function drawFeed() {
    const list = clear(feed.querySelector('ul'));
    if (!state.feed.length) list.append(h('li.empty', t('dash.noEvents')));
    for (const e of state.feed) list.append(h('li', h('time', formatTime(e.at)), ' ', h('code', e.topic), ' ', describe(e.payload)));
  }
  function deviceName(id) {
    const d = state.devices.find((x) => x.id === id);
    return d ? d.name || d.serial : id ? `#${id}` : '';
  }
  function describe(payload = {}) {
    const keys = ['serial', 'state', 'kind', 'userId', 'alarm', 'type', 'result', 'message'].filter((k) => payload[k] !== undefined && payload[k] !== null);
    return keys.map((k) => `${k}=${typeof payload[k] === 'object' ? JSON.stringify(payload[k]) : payload[k]}`).join(' ');
  }

  async function loadDevices() {
    const page = await get('/devices', { limit: 1000 });
    state.devices = page.items;
  }
  async function loadToday() {
    state.dayStart = startOfDay();
    const ranges = Array.from({ length: 24 }, (_, i) => [state.dayStart + i * HOUR, state.dayStart + (i + 1) * HOUR]);
    const now = Date.now();
    const totals = await Promise.all(ranges.map(([from, to]) => (from > now ? { total: 0 } : get('/records', { from, to, limit: 1 }))));
    state.hours = totals.map((p) => p.total);
    state.today = state.hours.reduce((a, b) => a + b, 0);
  }
  async function loadMetrics() {
    try { state.metrics = await metrics(); } catch { state.metrics = {}; }
  }
  async function loadScripts() {
    try {
      const page = await get('/scripts', { limit: 1000 });
      // Failing: did not load or gave up (failed), or its last call failed.
      state.scripts = (page.items || []).filter((s) => s.state === 'failed' || s.consecutiveErrors > 0).length;
      const journaled = (page.items || []).filter((s) => s.journal);
      state.behind = journaled.reduce((worst, s) => (!worst || s.journal.lagEvents > worst.lagEvents
        ? { name: s.name, lagEvents: s.journal.lagEvents, lagSeconds: s.journal.lagSeconds } : worst), null);
    } catch {
      state.scripts = null;  // no scripts API on this server (yet)
    }
  }

  try {
    await Promise.all([loadDevices(), loadToday(), loadMetrics(), loadScripts()]);
  } catch (err) {
    problems.append(errorBox(err));
  }
  drawCards(); drawChart(); drawAlarms(); drawFeed();

  // Events may come by the hundred per second: draw at most once a frame.
  let drawPending = false;
  const drawSoon = () => {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; drawCards(); drawChart(); drawFeed(); drawAlarms(); });
  };

  // Devices and gauges change through many events: refresh them at most once a second.
  let refreshTimer = null;
  const refreshSoon = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      try { await Promise.all([loadDevices(), loadMetrics(), loadScripts()]); drawSoon(); } catch { /* shown on next full load */ }
    }, 1000);
  };
  // Outbox deliveries and script failures publish no event: poll their counts.
  const countsTimer = setInterval(refreshSoon, 10000);

  const stop = connectEvents({
    onState: (s) => { live.className = `live ${s === 'live' ? 'on' : 'off'}`; live.textContent = t(s === 'live' ? 'dash.live' : 'dash.reconnecting'); },
    onEvent: (e) => {
      if (!e.topic || e.topic === 'stream.dropped') { refreshSoon(); return; }
      state.feed.unshift(e);
      state.feed.length = Math.min(state.feed.length, 30);
      if (e.topic === 'record.created') {
        const at = e.payload.deviceTime || e.at;
        if (at >= state.dayStart) {
          state.today += 1;
          state.hours[hourOf(at)] += 1;
        }
      }
      if (e.topic.startsWith('device.alarm')) state.alarms.unshift(e);
      if (e.topic.startsWith('device.') || e.topic.startsWith('command.') || e.topic.startsWith('person.')) refreshSoon();
      drawSoon();
    },
  });
  // A new day starts a new chart.
  const dayTimer = setInterval(async () => {
    if (startOfDay() !== state.dayStart) { try { await loadToday(); drawSoon(); } catch { /* next minute */ } }
  }, 60000);
  return () => { stop(); clearInterval(dayTimer); clearInterval(countsTimer); clearTimeout(refreshTimer); };
}
