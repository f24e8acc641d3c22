// Roles: a viewer sees no write buttons and no admin screens; an operator
// may write but not administer users (the server enforces it either way).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage } from '../lib/browser.mjs';

let site;
let browser;
before(async () => {
  [site, browser] = await Promise.all([startSite(), launch()]);
  const token = await site.token();
  const call = (path, body) => fetch(`${site.url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  for (const role of ['viewer', 'operator']) assert.equal((await call('/users', { username: role, password: `${role}-password`, role })).status, 201);
  assert.equal((await call('/persons', { userId: 12, name: 'Zhang San' })).status, 201);
});
after(async () => { await browser?.close(); await site?.stop(); });

test('a viewer sees no write buttons and no admin screens', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login('viewer', 'viewer-password');
    assert.equal(await page.locator('#nav a[data-screen="users"]').count(), 0);
    assert.equal(await page.locator('#nav a[data-screen="audit"]').count(), 0);
    await page.goto(`${site.url}/#/persons`);
    await page.waitForSelector('tr[data-user-id="12"]');
    assert.equal(await page.locator('#person-new').count(), 0);
    assert.equal(await page.locator('button', { hasText: 'Import CSV' }).count(), 0);
    assert.equal(await page.locator('button', { hasText: 'Export CSV' }).count(), 1);
    await page.goto(`${site.url}/#/persons/12`);
    await page.waitForSelector('#person-name');
    assert.equal(await page.isDisabled('#person-name'), true);
    assert.equal(await page.locator('button.save').count(), 0);
    await page.goto(`${site.url}/#/users`);
    const refused = page.locator('main .error');
    await refused.waitFor();
    assert.match(await refused.textContent(), /admin/);
    await page.goto(`${site.url}/#/settings`);
    await page.waitForSelector('#setting-language');
    assert.match(await page.textContent('main'), /shown to admins only/);
  });
});

test('an operator may edit persons but not administer users', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login('operator', 'operator-password');
    assert.equal(await page.locator('#nav a[data-screen="users"]').count(), 0);
    await page.goto(`${site.url}/#/persons/12`);
    await page.waitForSelector('button.save');
    await page.fill('#person-job', 'Engineer');
    await page.click('button.save');
    await page.waitForSelector('.person-form .message.ok');
  });
});
