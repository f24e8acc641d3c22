// Headless Debian chromium driven by playwright-core. Every page records
// console errors and uncaught exceptions; a test fails on any it did not
// expect, and leaves a screenshot in the build folder when it fails.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BINARY_DIR, PASSWORD } from './site.mjs';

export const SCREENSHOT_DIR = process.env.PASSWAY_SCREENSHOT_DIR || join(BINARY_DIR, 'browser-screenshots');
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';

export function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

const fileName = (name) => name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 100);

// Runs `body(page, ctx)` on a fresh page of `site`. `expectHttp` lists the
// statuses the test provokes on purpose (the browser logs each failed
// request as a console error); `expectUrls` lists URL parts whose failure is
// expected.
export async function withPage(t, browser, site, body, { expectHttp = [], expectUrls = [], viewport = { width: 1280, height: 860 }, lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport, locale: lang === 'zh' ? 'zh-CN' : 'en-US', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((l) => { if (!localStorage.getItem('passway.lang')) localStorage.setItem('passway.lang', l); }, lang);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = msg.location()?.url || '';
    const failed = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
    if (failed && (expectHttp.includes(Number(failed[1])) || expectUrls.some((u) => url.includes(u)))) return;
    problems.push(`console: ${text} ${url}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.setDefaultTimeout(10000);
  const ctx = { problems, async login(username = 'admin', password = PASSWORD) { await login(page, site, username, password); } };
  try {
    await body(page, ctx);
    if (problems.length) throw new Error(`errors on the page:\n${problems.join('\n')}`);
  } catch (err) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${fileName(t.name)}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => {});
    err.message += `\n(screenshot: ${path})`;
    throw err;
  } finally {
    await context.close();
  }
}

export async function login(page, site, username, password) {
  await page.goto(`${site.url}/`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#logout');
}

// Saves a screenshot whatever happens (for looking at the pages by hand).
export async function snapshot(page, name) {
  if (!process.env.PASSWAY_SCREENSHOTS_ALWAYS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `view-${fileName(name)}.png`), fullPage: true });
}
