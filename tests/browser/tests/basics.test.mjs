// Logging in, switching language, readable API errors, and every screen
// without a console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

let site;
let browser;
before(async () => { [site, browser] = await Promise.all([startSite(), launch()]); });
after(async () => { await browser?.close(); await site?.stop(); });

test('a wrong password is refused with a readable message, the right one logs in', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await page.goto(`${site.url}/`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'not the password');
    await page.click('#login-submit');
    const message = page.locator('form.login .message.error');
    await message.waitFor();
    assert.match(await message.textContent(), /wrong username or password/);
    await snapshot(page, 'login-error');
    await ctx.login();
    assert.match(await page.textContent('#current-user'), /admin/);
    await page.waitForSelector('#card-online');
    await page.waitForSelector('#live-state.on');  // the event stream is connected
    await snapshot(page, 'dashboard');
  }, { expectHttp: [401] });
});

test('the language switches to Chinese and stays after a reload', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    assert.equal(await page.textContent('#nav a[data-screen="persons"]'), 'Persons');
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.querySelector('#nav a[data-screen="persons"]')?.textContent === '人员');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.reload();
    await page.waitForSelector('#nav a[data-screen="devices"]');
    assert.equal(await page.textContent('#nav a[data-screen="devices"]'), '设备');
    await snapshot(page, 'dashboard-zh');
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.querySelector('#nav a[data-screen="devices"]')?.textContent === 'Devices');
  }, {});
});

test('API errors are shown as readable messages', async (t) => {
  const token = await site.token();
  const created = await fetch(`${site.url}/api/v1/persons`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: 501, name: 'Existing', credentials: [{ kind: 'card', value: 'C-501' }] }),
  });
  assert.equal(created.status, 201);
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons/new`);
    await page.fill('#person-name', 'Somebody');
    await page.fill('#person-validFrom', '2030-01-02T00:00');
    await page.fill('#person-validUntil', '2029-01-01T00:00');
    await page.click('button.save');
    const message = page.locator('.person-form .message.error');
    await message.waitFor();
    assert.match(await message.textContent(), /Not accepted: validUntil: must not be before validFrom/);
    // A card another person holds: 409 with the server's reason.
    await page.fill('#person-validFrom', '');
    await page.fill('#person-validUntil', '');
    await page.fill('#person-cards', 'C-501');
    await page.click('button.save');
    await page.waitForFunction(() => /Conflict/.test(document.querySelector('.person-form .message.error')?.textContent || ''));
    assert.match(await message.textContent(), /card/i);
    await snapshot(page, 'person-error');
    // A person that does not exist.
    await page.goto(`${site.url}/#/persons/999999`);
    const notFound = page.locator('main .error');
    await notFound.waitFor();
    assert.match(await notFound.textContent(), /Not found: .*999999/);
  }, { expectHttp: [400, 404, 409] });
});

test('every screen renders without console errors, in both languages', async (t) => {
  const screens = ['dashboard', 'devices', 'persons', 'records', 'attendance', 'face', 'commands', 'plugins', 'scripts', 'users', 'audit', 'backups', 'settings'];
  for (const lang of ['en', 'zh']) {
    await withPage(t, browser, site, async (page, ctx) => {
      await ctx.login();
      for (const screen of screens) {
        await page.goto(`${site.url}/#/${screen}`);
        await page.waitForSelector(`#nav a.active[data-screen="${screen}"]`);
        await page.waitForFunction(() => !document.querySelector('main .loading'));
        assert.equal(await page.locator('main .error').count(), 0, `${screen} shows an error`);
        await snapshot(page, `${screen}-${lang}`);
      }
      // The scripts screen shows the real scripts and outbox APIs (empty here).
      await page.goto(`${site.url}/#/scripts`);
      await page.waitForSelector('#scripts-list table');
      await page.waitForSelector('#outbox table');
      assert.equal(await page.locator('#scripts-unavailable').count(), 0);
      // Settings: the effective configuration, the bootstrap password masked.
      await page.goto(`${site.url}/#/settings`);
      const secret = page.locator('tr[data-key="admin.bootstrap_password"] .secret');
      await secret.waitFor();
      assert.equal(await secret.textContent(), '***');
      assert.match(await page.textContent('tr[data-key="plugins.enabled"]'), /httpv2/);
    }, { lang });
  }
});

test('a tablet-sized window gets the compact menu', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/persons`);
    assert.equal(await page.isVisible('#nav'), false);
    await page.click('button.menu');
    await page.click('#nav a[data-screen="records"]');
    await page.waitForSelector('#record-filters');
    await snapshot(page, 'tablet-records');
  }, { viewport: { width: 768, height: 1024 } });
});

test('an admin creates a user, and the audit log shows it', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/users`);
    await page.click('main .screen-head button.primary');
    await page.fill('#user-username', 'guard');
    await page.fill('#user-password', 'short');
    await page.selectOption('#user-role', 'operator');
    await page.click('.dialog-actions button.primary');
    const refused = page.locator('.dialog .message.error');
    await refused.waitFor();
    assert.match(await refused.textContent(), /Not accepted: password: .*8/);
    await page.fill('#user-password', 'long-enough-password');
    await page.click('.dialog-actions button.primary');
    await page.waitForSelector('.dialog', { state: 'detached' });
    await page.waitForFunction(() => [...document.querySelectorAll('main td')].some((td) => td.textContent === 'guard'));
    await page.goto(`${site.url}/#/audit`);
    await page.fill('#audit-action', 'user.create');
    await page.press('#audit-action', 'Enter');
    await page.waitForFunction(() => /guard/.test(document.querySelector('main table')?.textContent || ''));
    assert.doesNotMatch(await page.textContent('main table'), /long-enough-password/);
  }, { expectHttp: [400] });
});

test('a session the server no longer accepts returns to the login page and says why', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    // As if the token expired or the user's password changed meanwhile.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('passway.session'));
      s.token = `${s.token.slice(0, -6)}xxxxxx`;
      sessionStorage.setItem('passway.session', JSON.stringify(s));
    });
    await page.goto(`${site.url}/#/persons`);
    await page.reload();
    const message = page.locator('form.login .message.error');
    await message.waitFor();
    assert.match(await message.textContent(), /log in again/);
  }, { expectHttp: [401] });
});

test('the page comes with its security headers, runs under its CSP, and keeps the token out of localStorage', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    const response = await page.goto(`${site.url}/`);
    const headers = response.headers();
    const csp = headers['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    await ctx.login();
    // The browser enforces the policy: an injected inline script does not run.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      return window.__inlineRan === true;
    });
    assert.equal(ran, false);
    // That refusal is the one console error this test provokes.
    const refused = ctx.problems.findIndex((p) => /Content Security Policy/.test(p));
    assert.ok(refused >= 0, `no CSP report among: ${ctx.problems.join('; ')}`);
    ctx.problems.splice(refused, 1);
    const stored = await page.evaluate(() => ({
      local: localStorage.getItem('passway.session'),
      session: sessionStorage.getItem('passway.session'),
    }));
    assert.equal(stored.local, null);
    assert.match(stored.session || '', /"token"/);
  });
});

test('ten wrong passwords lock a user out with a readable message, and an admin lifts the lockout', async (t) => {
  const token = await site.token();
  const created = await fetch(`${site.url}/api/v1/users`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'locky', password: 'locky-password-1', role: 'viewer' }),
  });
  assert.equal(created.status, 201);
  for (let i = 0; i < 10; i++) {
    const wrong = await fetch(`${site.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'locky', password: `wrong-${i}` }),
    });
    assert.equal(wrong.status, 401);
  }
  await withPage(t, browser, site, async (page, ctx) => {
    await page.goto(`${site.url}/`);
    await page.fill('#login-username', 'locky');
    await page.fill('#login-password', 'locky-password-1');
    await page.click('#login-submit');
    const message = page.locator('form.login .message.error');
    await message.waitFor();
    assert.match(await message.textContent(), /Too many attempts: too many failed logins; try again in \d+ s/);

    await ctx.login();
    await page.goto(`${site.url}/#/users`);
    const row = page.locator('#lockouts tr', { hasText: 'locky' });
    await row.waitFor();
    assert.match(await row.textContent(), /user name/);
    await row.locator('button').click();
    await page.waitForFunction(() => !/locky/.test(document.querySelector('#lockouts')?.textContent || ''));
    await page.click('#logout');
    await ctx.login('locky', 'locky-password-1');
    assert.match(await page.textContent('#current-user'), /locky/);
  }, { expectHttp: [429] });
});
