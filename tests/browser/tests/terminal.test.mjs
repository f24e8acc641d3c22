// A simulated HTTPv2 terminal: it comes online, is activated, opens its door
// on command, and its records with photos are found by person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, facePhoto, pngBytes } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

const SN = 'FC-8190H24990001';
let site;
let browser;
let photo;
before(async () => {
  [site, browser] = await Promise.all([startSite(), launch()]);
  photo = facePhoto('obama.jpg');
  if (!photo) {
    console.log('# ../shared/faces not found: the terminal sends a generated PNG');
    photo = join(site.dir, 'snap.png');
    writeFileSync(photo, pngBytes());
  }
});
after(async () => { await browser?.close(); await site?.stop(); });

test('a simulated terminal comes online, is activated and opens the door on command', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.waitForSelector('#live-state.on');
    site.startTerminal({ sn: SN, records: 3, photo });
    // Live on the dashboard: the event feed and the online count.
    await page.waitForFunction((sn) => document.querySelector('#event-feed')?.textContent.includes(sn), SN, { timeout: 15000 });
    await page.waitForFunction(() => Number(document.querySelector('#card-online .value')?.textContent) >= 1
      || Number(document.querySelector('#card-pending .value')?.textContent) >= 1);
    await snapshot(page, 'dashboard-live');

    await page.click('#nav a[data-screen="devices"]');
    const row = page.locator(`tr[data-serial="${SN}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /pending/);
    await row.locator('button', { hasText: 'Activate' }).click();
    await page.waitForFunction((sn) => /active/.test(document.querySelector(`tr[data-serial="${sn}"]`)?.textContent || ''), SN);
    await page.waitForFunction((sn) => /online/.test(document.querySelector(`tr[data-serial="${sn}"]`)?.textContent || ''), SN, { timeout: 15000 });

    await row.locator('a.device-link').click();
    // open_door takes an optional argument (which door action): its form opens.
    await page.click('button.cmd-open_door');
    await page.click('#command-send');
    await page.waitForSelector('.command-state.state-queued, .command-state.state-sent, .command-state.state-done');
    await page.waitForSelector('.command-state.state-done', { timeout: 20000 });
    await snapshot(page, 'device-command-done');
  });
});

test('a record of the terminal is found by person, with its photo', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/records`);
    await page.fill('#record-user', '2');  // the simulator's records are of users 1, 2, 3
    // The terminal uploads its records once active; search until they are in.
    const deadline = Date.now() + 20000;
    for (;;) {
      await page.click('#record-search');
      await page.waitForFunction(() => !document.querySelector('main .loading'));
      if (await page.locator('tr[data-record] img.thumb').count()) break;
      if (Date.now() > deadline) assert.fail('no record of user 2 with a photo arrived');
      await page.waitForTimeout(500);
    }
    // A refresh keeps the previous rows until the answer is in (the unfiltered
    // first page may still be shown): wait for the filtered one.
    await page.waitForFunction(() => document.querySelectorAll('tr[data-record]').length === 1);
    const rows = page.locator('tr[data-record]');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), new RegExp(`${SN}|#1`));
    await page.waitForFunction(() => document.querySelector('tr[data-record] img.thumb')?.naturalWidth > 0);
    await snapshot(page, 'records');
    await page.click('tr[data-record] img.thumb');
    await page.waitForFunction(() => document.querySelector('#record-photo-large')?.naturalWidth > 0);
    await snapshot(page, 'record-large');
    await page.keyboard.press('Escape');
    // The dashboard counts them in today's total and its hour's bar.
    await page.click('#nav a[data-screen="dashboard"]');
    await page.waitForFunction(() => Number(document.querySelector('#card-today .value')?.textContent) >= 3);
    assert.ok(await page.locator('svg.chart rect.bar[height]:not([height="0"])').count() >= 1);
  });
});
