// Persons: created with a photo and found in the list with it; a photo the
// server refuses shows the reason next to the photo; CSV import reports bad rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, facePhoto, pngBytes } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

let site;
let browser;
before(async () => { [site, browser] = await Promise.all([startSite(), launch()]); });
after(async () => { await browser?.close(); await site?.stop(); });

function photoFile() {
  const path = facePhoto('Anthony_Hopkins_0001.jpg');
  if (path) return { name: 'face.jpg', mimeType: 'image/jpeg', buffer: readFileSync(path) };
  console.log('# ../shared/faces not found: using a generated PNG instead of a face photo');
  return { name: 'face.png', mimeType: 'image/png', buffer: pngBytes() };
}

test('a person created with a photo is in the list with the photo', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons`);
    await page.click('#person-new');
    await page.fill('#person-userId', '4242');
    await page.fill('#person-name', 'Anthony Hopkins');
    await page.fill('#person-department', 'Film');
    await page.fill('#person-groups', 'lobby, lab');
    await page.fill('#person-cards', '880042');
    await page.fill('#person-password', '2468');
    await page.fill('#person-validUntil', '2031-06-30T18:00');
    await page.setInputFiles('#photo-file', photoFile());
    await page.click('button.save');
    await page.waitForFunction(() => location.hash === '#/persons/4242');
    await page.waitForFunction(() => document.querySelector('#person-photo')?.naturalWidth > 0);
    assert.equal(await page.textContent('#photo-error'), '');
    await page.waitForSelector('#person-devices table, #person-devices p.hint');  // where the person stands on each device (none yet)
    await snapshot(page, 'person-created');

    await page.goto(`${site.url}/#/persons`);
    await page.fill('#person-search', 'Hopkins');
    await page.press('#person-search', 'Enter');
    const row = page.locator('tr[data-user-id="4242"]');
    await row.waitFor();
    assert.match(await row.textContent(), /Anthony Hopkins.*Film.*lobby, lab.*880042/);
    await page.waitForFunction(() => document.querySelector('tr[data-user-id="4242"] img.thumb')?.naturalWidth > 0);
    await snapshot(page, 'persons-list');

    // Edited and saved again: the validity survives the round trip in the site's timezone.
    await page.click('tr[data-user-id="4242"] a.person-link');
    await page.waitForSelector('#person-photo');
    assert.equal(await page.inputValue('#person-validUntil'), '2031-06-30T18:00');
    await page.fill('#person-job', 'Actor');
    await page.click('button.save');
    await page.waitForSelector('.person-form .message.ok');

    // The site's timezone, chosen in Settings, rules how times read: 18:00 in Shanghai is 10:00 UTC.
    await page.goto(`${site.url}/#/settings`);
    await page.selectOption('#setting-timezone', 'UTC');
    await page.goto(`${site.url}/#/persons`);
    await page.waitForFunction(() => /2031-06-30 10:00/.test(document.querySelector('tr[data-user-id="4242"]')?.textContent || ''));

    // The CSV export holds the person (with the token; a plain link could not).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
    assert.equal(download.suggestedFilename(), 'persons.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /4242,.*Anthony Hopkins,Actor,Film/);
  });
});

test('a photo the server refuses shows its reason next to the photo', async (t) => {
  const token = await site.token();
  await fetch(`${site.url}/api/v1/persons`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 77, name: 'No Face' }) });
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons/77`);
    await page.waitForSelector('#photo-box .no-photo-big');
    await page.setInputFiles('#photo-file', { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not an image at all') });
    const error = page.locator('#photo-error.shown');
    await error.waitFor();
    assert.match(await error.textContent(), /Unsupported file type: .*JPEG or PNG/i);
    await snapshot(page, 'photo-refused');
  }, { expectHttp: [415] });
});

test('a CSV import reports its bad rows', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons`);
    const csv = 'userId,name,role,cards\r\n9001,Li Lei,normal,7001\r\n9002,Han Meimei,chief,7002\r\n9003,,normal,\r\n';
    await page.setInputFiles('#person-import-file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const report = page.locator('#import-report');
    await report.waitFor();
    assert.match(await report.textContent(), /1 rows imported, 2 failed/);
    assert.match(await report.textContent(), /3\s*role/);
    await snapshot(page, 'import-report');
    await page.click('.dialog-actions button');
    await page.waitForSelector('tr[data-user-id="9001"]');
  });
});
