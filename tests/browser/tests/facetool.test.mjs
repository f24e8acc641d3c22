// The face tool (issue 20) with the real models of ../shared/models and real
// photos of ../shared/faces: a photo is identified as the enrolled person,
// shown with the score and the enrolled photo beside it; two photos of one
// person (an LFW "same" pair) are judged the same, two of different people
// (a "diff" pair) different. Skipped, saying why, without the models or photos.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, faceModelSettings, facePhoto, SHARED_DIR } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

const lfw = (path) => join(SHARED_DIR, 'faces', 'lfw', path);
// From lfw/pairs-dev.txt: its first "same" and first "diff" pair.
const SAME = ['Abdel_Nasser_Assidi/Abdel_Nasser_Assidi_0001.jpg', 'Abdel_Nasser_Assidi/Abdel_Nasser_Assidi_0002.jpg'];
const DIFF = ['Abdel_Nasser_Assidi/Abdel_Nasser_Assidi_0001.jpg', 'Alvaro_Uribe/Alvaro_Uribe_0010.jpg'];
const ENROLLED = { 301: ['Obama', 'obama.jpg'], 302: ['Biden', 'biden.jpg'], 303: ['Hopkins', 'Anthony_Hopkins_0001.jpg'] };

const models = faceModelSettings();
const photos = [...SAME, ...DIFF].every((p) => existsSync(lfw(p))) && Object.values(ENROLLED).every(([, f]) => facePhoto(f)) && facePhoto('obama2.jpg');
const skip = !models ? 'face models not found in ../shared/models (or $PASSWAY_SHARED_DIR/models): face tool tests skipped'
  : !photos ? 'face photos not found in ../shared/faces: face tool tests skipped' : false;

let site;
let browser;
before(async () => {
  if (skip) return;
  [site, browser] = await Promise.all([startSite({ set: models }), launch()]);
  const token = await site.token();
  const auth = { Authorization: `Bearer ${token}` };
  for (const [userId, [name, file]] of Object.entries(ENROLLED)) {
    let r = await fetch(`${site.url}/api/v1/persons`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: Number(userId), name }) });
    assert.equal(r.status, 201);
    r = await fetch(`${site.url}/api/v1/persons/${userId}/photo`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'image/jpeg' }, body: readFileSync(facePhoto(file)) });
    assert.ok(r.ok, `enrolling ${file}: ${r.status} ${await r.text()}`);
  }
});
after(async () => { await browser?.close(); await site?.stop(); });

const jpeg = (path, name) => ({ name, mimeType: 'image/jpeg', buffer: readFileSync(path) });

test('identify finds the enrolled person first, with the score and both photos', { skip }, async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.click('#nav a[data-screen="face"]');
    await page.setInputFiles('#face-identify-file', jpeg(facePhoto('obama2.jpg'), 'who.jpg'));
    await page.click('button.face-identify-run');
    const first = page.locator('#face-identify-result tr[data-match]').first();
    await first.waitFor({ timeout: 20000 });
    assert.equal(await first.getAttribute('data-match'), '301');
    assert.match(await first.textContent(), /Obama \(301\)/);
    const score = Number(await first.locator('.face-score').textContent());
    assert.ok(score > 0 && score <= 1, `score ${score}`);
    // The query and the enrolled photo, side by side.
    await page.waitForFunction(() => [...document.querySelectorAll('#face-identify-result tr[data-match] .face-pair img')].slice(0, 2).every((img) => img.naturalWidth > 0));
    await snapshot(page, 'face-identify');
  });
});

test('two photos of one person are judged the same, of two people different', { skip }, async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/face`);
    const compare = async ([a, b]) => {
      await page.setInputFiles('#face-compare-a', jpeg(lfw(a), 'a.jpg'));
      await page.setInputFiles('#face-compare-b', jpeg(lfw(b), 'b.jpg'));
      await page.evaluate(() => document.querySelector('#face-compare-result').replaceChildren());
      await page.click('button.face-compare-run');
      const verdict = page.locator('#face-compare-result .face-verdict');
      await verdict.waitFor({ timeout: 20000 });
      return { same: await verdict.getAttribute('data-same'), text: await verdict.textContent() };
    };
    const same = await compare(SAME);
    assert.equal(same.same, 'true', same.text);
    assert.match(same.text, /Same person\. Similarity 0\.\d{3} \(threshold 0\.\d{3}\)/);
    const diff = await compare(DIFF);
    assert.equal(diff.same, 'false', diff.text);
    assert.match(diff.text, /Different people\./);
    await snapshot(page, 'face-compare');
  });
});
