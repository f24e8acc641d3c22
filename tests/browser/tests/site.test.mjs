// Running the site from the page (issue 20a): a plugin enabled on the
// Plugins screen takes terminals at once, without a restart; a script's
// setting changed in its generated form (the payroll URL) applies to the
// next record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startSite } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

let site;
let browser;
let receiver;
const received = [];

before(async () => {
  // plugins.enabled is not set: nothing runs until the page enables it.
  [site, browser] = await Promise.all([
    startSite({ enabled: null, scripts: ['payroll'], set: ['devices.auto_activate=true'] }),
    launch(),
  ]);
  // The payroll system: an HTTP receiver that keeps what it is sent.
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { received.push({ url: req.url, body }); res.writeHead(200).end('{}'); });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
});
after(async () => {
  await browser?.close();
  await site?.stop();
  receiver?.close();
});

test('a plugin enabled on the Plugins screen takes a terminal without a restart', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.click('#nav a[data-screen="plugins"]');
    const card = page.locator('[data-plugin="httpv2"]');
    await card.waitFor();
    assert.match(await card.textContent(), /stopped/);
    // The settings form comes from the plugin's declarations.
    await card.locator('summary').click();
    await card.locator('[data-key="port"]').first().waitFor();
    await card.locator('summary').click();
    await card.locator('button.plugin-enable').click();
    await page.waitForFunction(() => /running/.test(document.querySelector('[data-plugin="httpv2"]')?.textContent || ''));
    await page.waitForFunction((port) => document.querySelector('[data-plugin="httpv2"] .connect')?.textContent.includes(`:${port}`), site.devicePort);
    await snapshot(page, 'plugins-enabled');

    site.startTerminal({ sn: 'ENABLED-0001' });
    await page.click('#nav a[data-screen="devices"]');
    const row = page.locator('tr[data-serial="ENABLED-0001"]');
    await row.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => /online/.test(document.querySelector('tr[data-serial="ENABLED-0001"]')?.textContent || ''), null, { timeout: 15000 });
  });
});

test('the payroll URL changed in the script settings form receives the next record', async (t) => {
  const url = `http://127.0.0.1:${receiver.address().port}/punches`;
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/scripts?name=payroll`);
    const form = page.locator('#script-settings');
    const field = form.locator('input[data-key="url"]');
    await field.waitFor();
    assert.equal(await field.inputValue(), '');
    await field.fill(url);
    await form.locator('button.settings-save').click();
    await form.locator('.message.ok').waitFor();
    // Shown back from the server, set on the page.
    await page.waitForFunction((u) => document.querySelector('#script-settings input[data-key="url"]')?.value === u, url);
    assert.match(await form.locator('[data-key="url"]').first().textContent(), /set here/);
    await snapshot(page, 'payroll-settings');
  });
  // A record from a terminal reaches the new URL (the outbox delivers it).
  site.startTerminal({ sn: 'PAYROLL-0001', records: 1 });
  const deadline = Date.now() + 20000;
  while (!received.some((r) => r.url === '/punches' && /"recordId"/.test(r.body))) {
    if (Date.now() > deadline) assert.fail(`no record reached ${url}:\n${site.log().slice(-3000)}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
  const body = JSON.parse(received.find((r) => r.url === '/punches').body);
  assert.ok(body.recordId > 0);
  assert.ok(body.deviceId > 0);
});
