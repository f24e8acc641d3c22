// The device page (issue 20): the command form comes from the command kinds
// the device's plugin declares, with its required arguments checked in the
// page and by the server (whose refusal reads in the page's language); the
// alarms a terminal reported are listed from the store after the fact; the
// terminal's clock skew is shown with a warning; and the addresses it called
// from are listed with when they were first and last seen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

const SN = 'DEVICE-PAGE-0001';
let site;
let browser;
let token;
let deviceId;

const call = async (method, path, body) => {
  const r = await fetch(`${site.url}/api/v1${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json().catch(() => null) };
};

// Polls `check` (an async predicate) until it holds or `ms` pass.
async function eventually(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

before(async () => {
  // The terminal's clock is ten minutes ahead and left so (max_clock_skew_s
  // 0: never corrected), and its keepalives report a fire alarm.
  [site, browser] = await Promise.all([
    startSite({ set: ['devices.auto_activate=true', 'plugin.httpv2.max_clock_skew_s=0'] }),
    launch(),
  ]);
  token = await site.token();
  site.startTerminal({ sn: SN, alarm: 'fire', clockOffset: 600 });
  await eventually(async () => {
    const devices = (await call('GET', '/devices')).body.items;
    deviceId = devices.find((d) => d.serial === SN)?.id;
    return deviceId && (await call('GET', `/devices/${deviceId}/alarms`)).body.total >= 1
      && (await call('GET', `/devices/${deviceId}/clock`)).body.skewS !== null;
  }, 20000, 'the terminal, its alarm and its clock');
});
after(async () => { await browser?.close(); await site?.stop(); });

test('alarms, clock skew and addresses are shown from the store, after the fact', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    // The page opens after the alarm was reported: it is read from the store.
    await page.goto(`${site.url}/#/devices/${deviceId}`);
    const alarm = page.locator('#device-alarms tr[data-alarm]').first();
    await alarm.waitFor();
    assert.match(await alarm.textContent(), /fire.*raised.*keepalive/);

    const clock = page.locator('#device-clock.clock-warning');
    await clock.waitFor();
    assert.match(await clock.textContent(), /\d+ min ahead of the server.*more than 30 s off/);

    const address = page.locator('#device-addresses tr[data-address^="127.0.0.1"]');
    await address.waitFor();
    assert.match(await address.textContent(), /now/);
    await snapshot(page, 'device-history');
  });
  const alarms = (await call('GET', `/devices/${deviceId}/alarms`)).body;
  assert.equal(alarms.items[0].alarm, 'fire');
  assert.equal(alarms.items[0].cleared, false);
  const clock = (await call('GET', `/devices/${deviceId}/clock`)).body;
  assert.ok(clock.skewS >= 590 && clock.skewS <= 610, `skew ${clock.skewS}`);
  assert.ok(clock.checkedAt > 0);
  assert.equal(clock.warning, true);
});

test('the command form comes from the declared kinds and checks required arguments', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/devices/${deviceId}`);
    // httpv2 declares register_identify_ticket (userId, type required) and no sync_time.
    const kind = page.locator('button.cmd-register_identify_ticket');
    await kind.waitFor();
    assert.equal(await page.locator('button.cmd-elevator').count(), 1);
    assert.equal(await page.locator('button.cmd-sync_time').count(), 0);

    await kind.click();
    await page.locator('#command-arg-userId').waitFor();
    await page.locator('#command-arg-type').waitFor();
    // Nothing filled in: refused in the page, nothing is sent.
    await page.click('#command-send');
    await page.waitForFunction(() => /userId is required/.test(document.querySelector('#command-form + .message')?.textContent || ''));
    assert.equal((await call('GET', `/commands?deviceId=${deviceId}`)).body.total, 0);

    await page.fill('#command-arg-userId', '7');
    await page.fill('#command-arg-type', 'card');
    await page.click('#command-send');
    const row = page.locator('.command-state').first();
    await row.waitFor();
    await snapshot(page, 'device-command-form');
  });
  const commands = (await call('GET', `/commands?deviceId=${deviceId}`)).body.items;
  assert.equal(commands.length, 1);
  assert.equal(commands[0].kind, 'register_identify_ticket');
  assert.deepEqual(commands[0].args, { userId: 7, type: 'card' });

  // The server checks the same: a stable code, the argument as the field.
  let r = await call('POST', `/devices/${deviceId}/commands`, { kind: 'register_identify_ticket', args: { userId: 7 } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'missing_argument');
  assert.equal(r.body.error.field, 'type');
  r = await call('POST', `/devices/${deviceId}/commands`, { kind: 'register_identify_ticket', args: { userId: 'seven', type: 'card' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'bad_argument');
  assert.equal(r.body.error.field, 'userId');
  // A kind the plugin takes but does not declare is the plugin's to judge.
  r = await call('POST', `/devices/${deviceId}/commands`, { kind: 'query_persons', args: { userIds: [1] } });
  assert.equal(r.status, 201);
});

test('the server refusing a command reads in Chinese on a Chinese page', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/devices/${deviceId}`);
    // "Other command" sends what it is given: the server refuses it.
    await page.click('button.cmd-other');
    await page.fill('#command-other-kind', 'register_identify_ticket');
    await page.fill('#command-other-args', '{"userId": 7}');
    await page.click('#command-send');
    await page.waitForFunction(() => /缺少必填参数“type”/.test(document.querySelector('#command-form + .message')?.textContent || ''));
  }, { lang: 'zh', expectHttp: [400] });
});
