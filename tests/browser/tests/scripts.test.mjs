// Scripts and the outbox against the real /api/v1/scripts and /api/v1/outbox:
// a script with a syntax error is refused with its line shown, then fixed,
// saved, disabled and enabled, and test-run with its log line; a delivery to
// a closed 127.0.0.1 port lands in the outbox, where retry and discard work;
// the dashboard counts the failing script and the given-up delivery, and
// shows a script that falls behind in the event journal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, freePort } from '../lib/site.mjs';
import { launch, withPage, snapshot } from '../lib/browser.mjs';

let site;
let browser;
let token;
let closedPort;

// One attempt, then dead: the outbox test needs no waiting for backoff.
before(async () => {
  closedPort = await freePort();
  [site, browser] = await Promise.all([startSite({ set: ['outbox.max_attempts=1', 'outbox.poll_ms=100', 'outbox.timeout_ms=2000'] }), launch()]);
  token = await site.token();
});
after(async () => { await browser?.close(); await site?.stop(); });

async function call(method, path, body) {
  const r = await fetch(`${site.url}/api/v1${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}

async function until(what, check, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const BROKEN = [
  'passway.on("record.created", function(record)',
  '  local greeting = = "hello"',
  'end)',
].join('\n');

const FIXED = [
  'passway.on("record.created", function(record)',
  '  passway.log.info("hello " .. tostring(record.userId))',
  '  return { greeted = record.userId }',
  'end)',
].join('\n');

test('a script with a syntax error shows the error and its line, then is fixed, saved, disabled, enabled and test-run', async (t) => {
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/scripts`);
    await page.fill('#script-new-name', 'greeter');
    await page.click('#scripts-list button.primary');
    await page.waitForSelector('#script-source');
    await page.fill('#script-source', BROKEN);
    await page.click('button.script-save');
    const message = page.locator('#script-message.error');
    await message.waitFor();
    assert.match(await message.textContent(), /Not accepted: does not compile, line 2: .*near/);
    assert.equal(await page.getAttribute('#script-error-line', 'data-line'), '2');
    assert.equal(await page.isVisible('#script-error-line'), true);
    await snapshot(page, 'script-compile-error');
    // Nothing was saved: the server kept no script of that name.
    assert.equal((await call('GET', '/scripts/greeter')).status, 404);

    await page.fill('#script-source', FIXED);
    await page.press('#script-source', 'Control+s');
    await page.waitForSelector('#script-message.ok');
    await page.waitForSelector('tr[data-script="greeter"]');
    assert.match(await page.textContent('tr[data-script="greeter"]'), /greeter.*running.*record\.created/);
    assert.equal((await call('GET', '/scripts/greeter')).body.source, FIXED);

    await page.click('button.script-disable');
    await page.waitForFunction(() => /disabled/.test(document.querySelector('tr[data-script="greeter"]')?.textContent || ''));
    assert.equal((await call('GET', '/scripts')).body.items.find((s) => s.name === 'greeter').state, 'disabled');
    await page.click('button.script-enable');
    await page.waitForFunction(() => /running/.test(document.querySelector('tr[data-script="greeter"]')?.textContent || ''));
    assert.equal((await call('GET', '/scripts')).body.items.find((s) => s.name === 'greeter').state, 'running');

    assert.equal(await page.inputValue('#script-topic'), 'record.created');
    await page.fill('#script-payload', JSON.stringify({ id: 7, userId: 4711 }));
    await page.click('button.script-test');
    await page.waitForSelector('#script-log');
    assert.match(await page.textContent('#script-log'), /hello 4711/);
    assert.match(await page.textContent('#script-result'), /"greeted": 4711/);
    assert.match(await page.textContent('#script-test-result'), /Ran without error.*1 handler/);
    await snapshot(page, 'script-test-run');
  }, { expectHttp: [400] });
});

test('a viewer sees the scripts and their errors, but no source and no write buttons', async (t) => {
  assert.equal((await call('POST', '/users', { username: 'watcher', password: 'watcher-password', role: 'viewer' })).status, 201);
  // Compiles, but fails when it runs: the script is failed with a load error.
  assert.equal((await call('PUT', '/scripts/broken_start', { source: 'error("no settings given")\n' })).status, 201);
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login('watcher', 'watcher-password');
    await page.goto(`${site.url}/#/scripts?name=broken_start`);
    await page.waitForSelector('#script-errors li');
    assert.match(await page.textContent('tr[data-script="broken_start"]'), /failed/);
    assert.match(await page.textContent('#script-errors'), /load.*no settings given/);
    assert.equal(await page.locator('#script-source').count(), 0);
    assert.equal(await page.locator('#script-new-name').count(), 0);
    assert.equal(await page.locator('button.script-enable').count(), 0);
    assert.match(await page.textContent('#script-editor'), /for admins/);
    // The dashboard counts it as failing.
    await page.goto(`${site.url}/#/dashboard`);
    await page.waitForFunction(() => document.querySelector('#card-scripts .value')?.textContent === '1');
  });
});

test('a delivery to a closed port is listed in the outbox; retry and discard work', async (t) => {
  const source = [
    'passway.on("record.created", function(record)',
    `  return passway.outbox.send{url = "http://127.0.0.1:${closedPort}/hook", method = "POST", body = {recordId = record.id}}`,
    'end)',
  ].join('\n');
  assert.equal((await call('PUT', '/scripts/notify', { source })).status, 201);
  let id;
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    // The test run's outbox.send is real: it queues the delivery.
    await page.goto(`${site.url}/#/scripts?name=notify`);
    await page.click('button.script-test');
    await page.waitForSelector('#script-result');
    id = Number(await page.textContent('#script-result'));  // the item id the handler returned
    assert.ok(id > 0, 'the test run returns the outbox item id');
    await until('the delivery to fail', async () => (await call('GET', `/outbox/${id}`)).body.state === 'dead');
    await page.click('#outbox button:has-text("Refresh")');
    const row = page.locator(`tr[data-outbox-id="${id}"]`);
    await page.waitForSelector(`tr[data-outbox-id="${id}"][data-state="dead"]`);
    assert.match(await row.textContent(), new RegExp(`notify.*POST http://127\\.0\\.0\\.1:${closedPort}/hook.*dead1`));
    await snapshot(page, 'outbox-dead');
    // The item's request: headers and the JSON body the script gave.
    await row.locator('td a').first().click();
    await page.waitForSelector('.dialog');
    assert.match(await page.textContent('.dialog'), new RegExp(`POST http://127\\.0\\.0\\.1:${closedPort}/hook.*Idempotency-Key: notify-.*"recordId": 1`, 's'));
    await page.keyboard.press('Escape');

    // The dashboard shows the given-up delivery.
    await page.goto(`${site.url}/#/dashboard`);
    await page.waitForFunction(() => /1 given up/.test(document.querySelector('#card-outbox')?.textContent || ''));

    await page.goto(`${site.url}/#/scripts`);
    await page.click(`tr[data-outbox-id="${id}"] button.outbox-retry`);
    await page.waitForSelector('.toast:has-text("Queued for another attempt")');
    await until('the second attempt', async () => {
      const item = (await call('GET', `/outbox/${id}`)).body;
      return item.attempts === 2 && item.state === 'dead';
    });
    await page.click('#outbox button:has-text("Refresh")');
    await page.waitForFunction((i) => document.querySelector(`tr[data-outbox-id="${i}"][data-state="dead"]`)?.textContent.includes('dead2'), id);
  });

  // Discarding is an operator's right (the source is not).
  assert.equal((await call('POST', '/users', { username: 'oper', password: 'operator-password', role: 'operator' })).status, 201);
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login('oper', 'operator-password');
    await page.goto(`${site.url}/#/scripts?name=notify`);
    await page.waitForSelector(`tr[data-outbox-id="${id}"] button.outbox-discard`);
    assert.equal(await page.locator('#script-source').count(), 0);
    assert.equal(await page.locator('button.script-test').count(), 0);
    await page.click(`tr[data-outbox-id="${id}"] button.outbox-discard`);
    await page.click('.dialog-actions button.danger');
    await page.waitForSelector(`tr[data-outbox-id="${id}"]`, { state: 'detached' });
    assert.equal((await call('GET', `/outbox/${id}`)).status, 404);
  });
});

test('a script that falls behind in the event journal shows on the dashboard', async (t) => {
  assert.equal((await call('PUT', '/scripts/lagger', { source: 'passway.on("lag.demo", function(e) end)\n' })).status, 201);
  assert.equal((await call('PUT', '/scripts/lagpub', { source: 'passway.on("lag.go", function(e) assert(passway.publish("lag.demo", {n = 1})) end)\n' })).status, 201);
  assert.equal((await call('POST', '/scripts/lagger/disable')).status, 200);
  // A test run's API calls are real: each publishes one event into the journal.
  for (let i = 0; i < 3; i++) assert.equal((await call('POST', '/scripts/lagpub/test', { topic: 'lag.go', payload: {} })).status, 200);
  const lagger = (await call('GET', '/scripts/lagger')).body.journal;
  assert.ok(lagger.lagEvents >= 3 && !lagger.running, JSON.stringify(lagger));
  const scripts = (await call('GET', '/scripts?limit=1000')).body.items.filter((s) => s.journal);
  const worst = scripts.reduce((w, s) => (!w || s.journal.lagEvents > w.journal.lagEvents ? s : w), null);
  await withPage(t, browser, site, async (page, ctx) => {
    await ctx.login();
    await page.goto(`${site.url}/#/dashboard`);
    await page.waitForFunction((name) => (document.querySelector('#card-behind')?.textContent || '').includes(name), worst.name);
    assert.ok(Number(await page.textContent('#card-behind .value')) >= 3);
    await snapshot(page, 'dashboard-behind');
    // The scripts screen shows it too; an admin lets it skip what it missed.
    await page.goto(`${site.url}/#/scripts?name=lagger`);
    await page.waitForSelector('tr[data-script="lagger"]');
    assert.match(await page.textContent('tr[data-script="lagger"]'), /disabled.*\d+ \(oldest \d+ s\)/);
    await page.waitForSelector('button.script-skip');
    assert.match(await page.textContent('#script-errors'), /Events given up \(dead letters\)\s*None\./);
    await page.click('button.script-skip');
    await page.click('.dialog-actions button.danger');
    await page.waitForSelector('.toast:has-text("continues from the newest event")');
  });
  assert.equal((await call('GET', '/scripts/lagger')).body.journal.lagEvents, 0);
  const audit = (await call('GET', '/audit?action=script.skip_to_now')).body;
  assert.equal(audit.total, 1);
});
