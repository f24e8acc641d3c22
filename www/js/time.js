// Times in the site's timezone. The API speaks unix milliseconds (UTC); the
// page shows and reads wall-clock times of one timezone: the browser's, or
// the one chosen in Settings (kept in localStorage), so an administrator
// abroad still sees the site's hours.

const TZ_KEY = 'passway.timezone';

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZone() {
  const chosen = localStorage.getItem(TZ_KEY);
  if (chosen && isValidZone(chosen)) return chosen;
  return browserTimeZone();
}

export function setTimeZone(zone) {
  if (!zone) localStorage.removeItem(TZ_KEY);
  else localStorage.setItem(TZ_KEY, zone);
}

export function isValidZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The IANA zones the browser knows (Chromium's list leaves out UTC itself).
export function timeZones() {
  let zones;
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { zones = [browserTimeZone()]; }
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

// "2024-05-01 08:00:00", in the site's timezone: one unambiguous order for
// both languages. '—' for 0/null ("not yet").
export function formatTime(ms, { seconds = true, date = true } = {}) {
  if (!ms) return '—';
  const p = partsIn(ms, timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  const clock = `${pad(p.hour % 24)}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''}`;
  return date ? `${p.year}-${pad(p.month)}-${pad(p.day)} ${clock}` : clock;
}

// The wall-clock parts of `ms` in `zone`.
function partsIn(ms, zone) {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  return parts;
}

// How far `zone` is ahead of UTC at instant `ms`, in ms.
function offsetAt(ms, zone) {
  const p = partsIn(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

// Unix ms of a wall-clock time in the site's timezone (what a
// datetime-local input holds, "2024-05-01T08:00"); null for empty.
export function parseLocal(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  const zone = timeZone();
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0));
  let result = guess - offsetAt(guess, zone);
  result = guess - offsetAt(result, zone);  // again, in case the guess crossed a DST change
  return result;
}

// The datetime-local text for `ms` in the site's timezone.
export function toLocalInput(ms) {
  if (ms === null || ms === undefined || ms === '') return '';
  const p = partsIn(ms, timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour % 24)}:${pad(p.minute)}`;
}

// Midnight of today (of the day holding `ms`) in the site's timezone.
export function startOfDay(ms = Date.now()) {
  const p = partsIn(ms, timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  return parseLocal(`${p.year}-${pad(p.month)}-${pad(p.day)}T00:00`);
}

// The hour of the day (0–23) of `ms` in the site's timezone.
export function hourOf(ms) {
  return partsIn(ms, timeZone()).hour % 24;
}

// The site's timezone's UTC offset at `ms`, in minutes (Beijing: 480): the
// server counts attendance days in it.
export function offsetMinutesAt(ms) {
  return Math.round(offsetAt(ms, timeZone()) / 60000);
}

// 'YYYY-MM-DD' of `ms` in the site's timezone (a date input's value).
export function dateInput(ms = Date.now()) {
  const p = partsIn(ms, timeZone());
  const pad = (n) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

// 'YYYY-MM-DD' plus `days` days (calendar days, whatever the timezone).
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
