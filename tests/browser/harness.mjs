// Shared set-up for the page tests: serve build/web on an ephemeral port (in-process, tools/serve.mjs)
// and drive Debian's chromium through playwright-core (never a downloaded browser).
import { access, mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webDir = join(root, 'build', 'web');
export const screenshotDir = join(root, 'build', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** Fails (never skips) when the site was not built: CI builds it first. */
export async function requireBuild() {
  for (const f of ['index.html', 'mlsysim_wasm.js', 'src/engine.js']) {
    try {
      await access(join(webDir, f));
    } catch {
      throw new Error(`build/web/${f} is missing: build the site first (node tools/build-web.mjs, or make serve / make test)`);
    }
  }
}

export async function isFakeBuild() {
  try { await access(join(webDir, 'FAKE_ENGINE')); return true; } catch { return false; }
}

/** The same engine the page uses, in Node (passes wasmBinary: Node 20's fetch breaks Emscripten 3.1.6). */
export async function nodeEngine() {
  const { createMlsysim } = await import(pathToFileURL(join(webDir, 'src', 'engine.js')).href);
  const options = {};
  try { options.wasmBinary = await readFile(join(webDir, 'mlsysim_wasm.wasm')); } catch { /* fake build: no wasm */ }
  return createMlsysim(options);
}

export async function fixtures() {
  const dir = join(root, 'tests', 'fixtures');
  let names = [];
  try { names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort(); } catch { return []; }
  const out = [];
  for (const n of names) {
    const data = JSON.parse(await readFile(join(dir, n), 'utf8'));
    if (data && data.scenario && data.expected) out.push({ name: n, ...data });
  }
  return out;
}

export async function setup() {
  await requireBuild();
  const { server, url } = await startServer({ root: webDir, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * A page that records console errors, page errors and every request, and fails requests that leave
 * localhost. Returns {page, problems, requests}.
 */
export async function openPage(ctx, hash = '', { colorScheme = 'light', viewport = { width: 1280, height: 1000 } } = {}) {
  const context = await ctx.browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    requests.push(u.href);
    if (u.protocol === 'data:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost') return route.continue();
    problems.push(`external request: ${u.href}`);
    return route.abort();
  });
  appPages.add(page);
  keyboards.set(page.keyboard, page);
  settleAfterActions(page);
  await page.goto(ctx.url + 'index.html' + hash);
  await settled(page);
  return { page, context, problems, requests };
}

// A reader acts, then looks. After each action on a page opened by openPage (a locator's click,
// fill, selectOption, …, a key press) the tests wait until the page has settled (below) before
// they read it: the panels below the fold are redrawn just after the frame that shows the visible
// ones, and some sections load when first needed.
const appPages = new WeakSet();
const keyboards = new WeakMap(); // page.keyboard → page
const LOCATOR_ACTIONS = ['click', 'dblclick', 'tap', 'fill', 'clear', 'press', 'pressSequentially', 'type', 'selectOption', 'check', 'uncheck', 'setChecked', 'dispatchEvent'];
const KEYBOARD_ACTIONS = ['press', 'type', 'insertText'];
const gone = (e) => /closed|destroyed|navigat/i.test(String(e?.message));

function wrap(proto, names, pageOf) {
  for (const name of names) {
    const original = proto[name];
    if (typeof original !== 'function' || original.settles) continue;
    const wrapped = async function (...args) {
      const out = await original.apply(this, args);
      const page = pageOf(this);
      if (page && appPages.has(page) && !page.isClosed()) await settled(page).catch((e) => { if (!gone(e)) throw e; });
      return out;
    };
    wrapped.settles = true;
    proto[name] = wrapped;
  }
}

function settleAfterActions(page) {
  wrap(Object.getPrototypeOf(page.locator('body')), LOCATOR_ACTIONS, (locator) => locator.page());
  wrap(Object.getPrototypeOf(page.keyboard), KEYBOARD_ACTIONS, (keyboard) => keyboards.get(keyboard));
}

/**
 * Waits until the page has drawn its result and has nothing in flight: the sections it loads on
 * demand are in (src/sections.js marks them in <body data-pending>) and background solves are back.
 */
export async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.state && !document.body.dataset.pending);
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  // The page skips drawing what is off screen (content-visibility: auto, style.css); a full-page
  // picture should show what a reader finds by scrolling, so draw everything for it (through the
  // CSSOM: the page's CSP refuses a <style> element).
  await page.evaluate(() => new Promise((resolve) => {
    for (const el of document.querySelectorAll('*')) {
      if (getComputedStyle(el).contentVisibility === 'auto') { el.style.contentVisibility = 'visible'; el.dataset.shotVisible = ''; }
    }
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  }));
  await page.screenshot({ path, fullPage: true });
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('[data-shot-visible]')) { el.style.contentVisibility = ''; delete el.dataset.shotVisible; }
  });
  return path;
}
