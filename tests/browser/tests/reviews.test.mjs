// A person a terminal tried to mint waits on the Reviews screen; an operator
// accepts it there. The device's screen shows its sync ledger with the
// failure kind and the ledger-vs-terminal panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage } from '../lib/browser.mjs';

const SN = 'FC-REVIEW-0001';
let site;
let browser;
let deviceId;
before(async () => {
  [site, browser] = await Promise.all([startSite(), launch()]);
  const device = (path, body) => fetch(`http://127.0.0.1:${site.devicePort}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await device('/Device/Keepalive', { SN });  // first contact registers it
  const token = await site.token();
  const api = async (method, path) => (await fetch(`${site.url}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}` } })).json();
  deviceId = (await api('GET', '/devices')).items.find((d) => d.serial === SN).id;
  await api('POST', `/devices/${deviceId}/activate`);
  // PushPeople of a person the host does not know, as admin, with a card.
  const form = new FormData();
  form.append('SN', SN);
  form.append('PushType', '1');
  form.append('UserID', '9001');
  form.append('Detail', JSON.stringify({ UserID: '9001', Name: 'Mallory', AccessType: 1, CardNum: '4455667788' }));
  for (let i = 0; i < 50; ++i) {  // the plugin may need a keepalive before it takes the device as active
    await device('/Device/Keepalive', { SN });
    await fetch(`http://127.0.0.1:${site.devicePort}/People/PushPeople`, { method: 'POST', body: form });
    if ((await api('GET', '/person-reviews')).total === 1) break;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.equal((await api('GET', '/person-reviews')).total, 1);
});
after(async () => { await browser?.close(); await site?.stop(); });

test('an operator accepts a person a terminal sent from the Reviews screen', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.click('#nav a[data-screen="reviews"]');
    const accept = page.locator('button[class*="review-accept-"]');
    await accept.waitFor();
    const row = await page.textContent('main table');
    assert.match(row, /new person/);
    assert.match(row, /made admin/);
    assert.match(row, /4455667788/);
    await accept.click();
    await page.waitForFunction(() => /Nothing waits for review/.test(document.querySelector('main')?.textContent || ''));
    await page.goto(`${site.url}/#/persons/9001`);
    await page.waitForSelector('#person-name');
    assert.equal(await page.inputValue('#person-name'), 'Mallory');

    await page.goto(`${site.url}/#/devices/${deviceId}`);
    await page.waitForFunction(() => /Reported by the terminal/.test(document.querySelector('main')?.textContent || ''));
  });
});
