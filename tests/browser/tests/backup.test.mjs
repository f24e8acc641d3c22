// A backup made from the page, restored into a second host by the procedure
// of README "Backups and restore": the same persons, records and photos.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, facePhoto, pngBytes } from '../lib/site.mjs';
import { launch, withPage } from '../lib/browser.mjs';
import { registerTerminal, punch } from '../lib/punches.mjs';

const SN = 'FC-BACKUP-0001';
let site;
let restored;
let browser;
let token;
const call = async (s, tok, path) => fetch(`${s.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${tok}` } });
const json = async (s, tok, path) => (await call(s, tok, path)).json();
const bytes = async (s, tok, path) => Buffer.from(await (await call(s, tok, path)).arrayBuffer());

before(async () => {
  [site, browser] = await Promise.all([startSite({ set: ['backup.keep=3'] }), launch()]);
  token = await site.token();
  const photoPath = facePhoto('obama.jpg');
  const photo = photoPath ? readFileSync(photoPath) : pngBytes();
  const post = (path, body) => fetch(`${site.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post('/persons', { userId: 7, name: 'Li Lei', department: 'R&D' })).status, 201);
  const form = new FormData();
  form.append('photo', new Blob([pngBytes(80, 80, [10, 200, 30])], { type: 'image/png' }), 'photo.png');
  const put = await fetch(`${site.url}/api/v1/persons/7/photo`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` }, body: form });
  assert.ok(put.ok, `person photo: HTTP ${put.status} ${await put.text()}`);
  await registerTerminal(site, token, SN);
  for (let i = 0; i < 3; ++i) await punch(site, SN, { userId: 7, at: Date.now() - (3 - i) * 60000, photo: i === 1 ? pngBytes(40, 40, [i * 80, 0, 0]) : photo });
});
after(async () => { await browser?.close(); await site?.stop(); await restored?.stop(); });

test('a backup made on the page restores into a second host with the same persons, records and photos', async (t) => {
  let backupPath;
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.click('#nav a[data-screen="backups"]');
    await page.waitForSelector('#backup-now');
    await page.waitForFunction(() => /No backup yet/.test(document.querySelector('#backup-list')?.textContent || ''));
    await page.click('#backup-now');
    await page.waitForSelector('#backup-message.ok');
    await page.waitForSelector('tr[data-backup] code.backup-path');
    backupPath = await page.textContent('tr[data-backup] code.backup-path');
    assert.match(await page.textContent('#retention-days'), /Forever/);
  });
  assert.ok(existsSync(join(backupPath, 'passway.db')), backupPath);

  // The documented procedure: passway.db to store.path, blobs/ to blobs.path, start.
  restored = await startSite({ prepare: (dir) => {
    cpSync(join(backupPath, 'passway.db'), join(dir, 'passway.db'));
    cpSync(join(backupPath, 'blobs'), join(dir, 'blobs'), { recursive: true });
  } });
  const restoredToken = await restored.token();
  const persons = [await json(site, token, '/persons'), await json(restored, restoredToken, '/persons')];
  assert.deepEqual(persons[1].items.map((p) => [p.userId, p.name, p.department]), persons[0].items.map((p) => [p.userId, p.name, p.department]));
  assert.deepEqual(await bytes(restored, restoredToken, '/persons/7/photo'), await bytes(site, token, '/persons/7/photo'));
  const records = [await json(site, token, '/records?limit=100'), await json(restored, restoredToken, '/records?limit=100')];
  assert.equal(records[0].total, 3);
  assert.deepEqual(records[1].items.map((r) => [r.id, r.deviceTime, r.userId, r.photo]), records[0].items.map((r) => [r.id, r.deviceTime, r.userId, r.photo]));
  for (const r of records[0].items) {
    assert.ok(r.photo, `record ${r.id} has a photo`);
    assert.deepEqual(await bytes(restored, restoredToken, `/records/${r.id}/photo`), await bytes(site, token, `/records/${r.id}/photo`));
  }
  // And the restored host's page shows the person's name beside the records.
  await withPage(t, browser, restored, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${restored.url}/#/records`);
    await page.waitForSelector('tr[data-record] td.person-name');
    assert.equal(await page.textContent('tr[data-record] td.person-name'), 'Li Lei');
  });
});
