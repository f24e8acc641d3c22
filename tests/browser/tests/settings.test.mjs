// Runtime settings that apply only at a server restart (outbox, face, device
// policy) say so on the Settings screen once changed: next to the setting
// and at the top, also after the page is loaded again (the server knows what
// it started with). A setting that applies at once says nothing of the kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

let site;
let browser;
before(async () => { [site, browser] = await Promise.all([startSite(), launch()]); });
after(async () => { await browser?.close(); await site?.stop(); });

test('a changed setting that needs a restart says so until the server restarts', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/settings`);
    await page.locator('#runtime-outbox_max_attempts').waitFor();
    assert.equal(await page.locator('.badge.restart-pending').count(), 0);
    assert.equal(await page.locator('#restart-pending').isVisible(), false);
    // Each says how it applies.
    assert.match(await page.textContent('#runtime-settings .setting-row[data-key="outbox.max_attempts"]'), /applies after a server restart/);
    assert.match(await page.textContent('#runtime-settings .setting-row[data-key="sms.method"]'), /applies at once/);

    await page.fill('#runtime-outbox_max_attempts', '4');
    await page.fill('#runtime-sms_method', 'PUT');
    await page.click('#runtime-settings button.settings-save');
    await page.waitForFunction(() => /restart/.test(document.querySelector('#runtime-settings .message.ok')?.textContent || ''));
    const check = async () => {
      await page.locator('.setting-row[data-key="outbox.max_attempts"] .badge.restart-pending').waitFor();
      assert.equal(await page.locator('.setting-row[data-key="sms.method"] .badge.restart-pending').count(), 0);
      assert.match(await page.textContent('#restart-pending'), /outbox\.max_attempts/);
      assert.doesNotMatch(await page.textContent('#restart-pending'), /sms\.method/);
    };
    await check();
    await snapshot(page, 'settings-restart-pending');
    // Loaded again: the server still knows.
    await page.reload();
    await page.locator('#runtime-outbox_max_attempts').waitFor();
    await check();

    // Back to the value it started with: nothing waits any more.
    await page.click('.setting-row[data-key="outbox.max_attempts"] button[data-reset]');
    await page.click('#runtime-settings button.settings-save');
    await page.waitForFunction(() => !document.querySelector('.setting-row[data-key="outbox.max_attempts"] .badge.restart-pending'));
    assert.equal(await page.locator('#restart-pending').isVisible(), false);
  });
});
