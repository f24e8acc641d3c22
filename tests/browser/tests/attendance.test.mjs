// The attendance screen: a day of punches from a simulated HTTPv2 terminal
// becomes first in / last out, hours and late / early per person, judged
// against the shift set on the page; its errors read in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { registerTerminal, punch } from '../lib/punches.mjs';

const SN = 'FC-ATTEND-0001';
const DAY = '2026-03-02';
// Beijing wall-clock time of DAY (the browser context's timezone is Asia/Shanghai).
const at = (hhmm) => Date.parse(`${DAY}T${hhmm}:00+08:00`);
let site;
let browser;
before(async () => {
  [site, browser] = await Promise.all([startSite(), launch()]);
  const token = await site.token();
  const post = (path, body) => fetch(`${site.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post('/persons', { userId: 1, name: 'Li Lei', department: 'R&D' })).status, 201);
  assert.equal((await post('/persons', { userId: 2, name: 'Han Meimei', department: 'R&D' })).status, 201);
  assert.equal((await post('/persons', { userId: 3, name: 'Wang Wu', department: 'Sales' })).status, 201);
  await registerTerminal(site, token, SN);
  // Li Lei: on time, lunch, out late. Han Meimei: 14 min late, 20 min early. Wang Wu: one punch, another department.
  for (const [userId, hhmm] of [[1, '08:52'], [1, '12:05'], [1, '18:31'], [2, '09:14'], [2, '17:40'], [3, '09:01']]) {
    await punch(site, SN, { userId, at: at(hhmm) });
  }
  // The punch is acknowledged once stored; the list shows all of them.
  const records = await (await fetch(`${site.url}/api/v1/records?limit=10`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.equal(records.total, 6);
});
after(async () => { await browser?.close(); await site?.stop(); });

const cell = (page, key, cls) => page.locator(`tr[data-attendance="${key}"] span.${cls}`).textContent();

test('the attendance screen shows first in, last out, hours and late/early for a day of punches', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.click('#nav a[data-screen="attendance"]');
    await page.waitForSelector('#attendance-from');
    await page.fill('#attendance-from', DAY);
    await page.fill('#attendance-to', DAY);
    await page.fill('#attendance-department', 'R&D');
    await page.click('#attendance-search');
    await page.waitForSelector(`tr[data-attendance="2/${DAY}"]`);
    assert.equal(await page.locator('tr[data-attendance]').count(), 2);  // Wang Wu is in Sales
    assert.match(await page.textContent(`tr[data-attendance="1/${DAY}"]`), /Li Lei/);
    assert.equal(await cell(page, `1/${DAY}`, 'first-in'), '08:52');
    assert.equal(await cell(page, `1/${DAY}`, 'last-out'), '18:31');
    assert.equal(await cell(page, `1/${DAY}`, 'hours'), '9.65');
    assert.equal(await cell(page, `1/${DAY}`, 'late'), '—');
    assert.equal(await cell(page, `2/${DAY}`, 'first-in'), '09:14');
    assert.equal(await cell(page, `2/${DAY}`, 'last-out'), '17:40');
    assert.equal(await cell(page, `2/${DAY}`, 'late'), '14 min');
    assert.equal(await cell(page, `2/${DAY}`, 'early'), '20 min');
    // The chart: one bar for the day of the terminal's records.
    await page.waitForSelector(`#attendance-chart g[data-day="${DAY}"] rect`);

    // R&D starts at 09:30 with 0 grace: Han Meimei is no longer late.
    await page.waitForFunction(() => document.querySelector('#shift-for')?.textContent === 'Shift of department R&D');
    await page.fill('#shift-start', '09:30');
    await page.click('#shift-save');
    await page.waitForFunction((key) => document.querySelector(`tr[data-attendance="${key}"] span.late`)?.textContent === '—', `2/${DAY}`);
    // Everyone: Wang Wu's single punch has no last out; Sales keeps the site's 09:00 shift.
    await page.fill('#attendance-department', '');
    await page.click('#attendance-search');
    await page.waitForSelector(`tr[data-attendance="3/${DAY}"]`);
    assert.equal(await cell(page, `3/${DAY}`, 'last-out'), '—');
    assert.equal(await cell(page, `3/${DAY}`, 'late'), '1 min');
  });
});

test('the CSV export has the same day', async () => {
  const token = await site.token();
  const from = Date.parse(`${DAY}T00:00:00+08:00`);
  const r = await fetch(`${site.url}/api/v1/attendance/export.csv?from=${from}&to=${from + 86400000}&tz=480`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  const lines = (await r.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'date,userId,name,department,firstIn,lastOut,hours,punches,lateMinutes,earlyMinutes,shift');
  assert.ok(lines.includes(`${DAY},1,Li Lei,R&D,08:52,18:31,9.65,3,0,0,09:30-18:00`), lines.join('\n'));
});

test('a refused shift shows the server\'s error in Chinese', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/attendance`);
    await page.waitForSelector('#shift-start');
    await page.waitForFunction(() => document.querySelector('#shift-start').value !== '');
    await page.fill('#shift-start', '18:00');
    await page.fill('#shift-end', '08:00');  // before the start: the server refuses it
    await page.click('#shift-save');
    await page.waitForSelector('#shift-message.error');
    assert.equal(await page.textContent('#shift-message'), '未被接受: “下班时间”的值无效');
    assert.match(await page.getAttribute('#shift-message', 'title'), /end: must be after start/);
  }, { lang: 'zh', expectHttp: [400] });
});
