// The face check seen from the person page: with the real models of
// ../shared/models configured (face.detector / face.recognizer), a photo
// without a face is refused (422 face_rejected) and the reason is shown next
// to the photo; a real face photo (../shared/faces, when there) is accepted.
// Skipped, saying why, when the models are not on this machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, faceModelSettings, facePhoto, pngBytes } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

const models = faceModelSettings();
const skip = models ? false : 'face models not found in ../shared/models (or $PASSWAY_SHARED_DIR/models): face check tests skipped';

let site;
let browser;
let token;
before(async () => {
  if (!models) return;
  [site, browser] = await Promise.all([startSite({ set: models }), launch()]);
  token = await site.token();
  const health = await (await fetch(`${site.url}/api/v1/health`)).json();
  assert.equal(health.face.status, 'ok', `the face service did not start: ${health.face.reason}`);
  const r = await fetch(`${site.url}/api/v1/persons`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 88, name: 'Plain Wall' }) });
  assert.equal(r.status, 201);
});
after(async () => { await browser?.close(); await site?.stop(); });

test('a photo without a face is refused and the face check says why next to the photo', { skip }, async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons/88`);
    await page.waitForSelector('#photo-box .no-photo-big');
    await page.setInputFiles('#photo-file', { name: 'wall.png', mimeType: 'image/png', buffer: pngBytes(320, 240, [180, 180, 170]) });
    const error = page.locator('#photo-error.shown');
    await error.waitFor();
    assert.match(await error.textContent(), /^Refused: .*no face was found in the photo/);
    assert.equal(await page.locator('#person-photo').count(), 0);
    await snapshot(page, 'photo-no-face');
  }, { expectHttp: [422] });
  const person = await (await fetch(`${site.url}/api/v1/persons/88`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.ok(!person.photo, 'the refused photo was not stored');
});

test('a clear face photo passes the face check', { skip: skip || (facePhoto('Anthony_Hopkins_0001.jpg') ? false : '../shared/faces not found') }, async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons/88`);
    await page.waitForSelector('#photo-box');
    await page.setInputFiles('#photo-file', { name: 'face.jpg', mimeType: 'image/jpeg', buffer: readFileSync(facePhoto('Anthony_Hopkins_0001.jpg')) });
    await page.waitForFunction(() => document.querySelector('#person-photo')?.naturalWidth > 0);
    assert.equal(await page.textContent('#photo-error'), '');
  });
});
