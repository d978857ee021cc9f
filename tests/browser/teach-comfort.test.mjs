// Predict first (predict=1), the keyboard-only path, narrow screens and offline use after one visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine, webDir, CHROMIUM_ARGS } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';
import { withDefaults } from '../../web/src/url-state.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
const state = (page) => page.evaluate(() => document.body.dataset.predict);

test('predict first: the answer waits for a committed guess, then says how far off it was', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&predict=1');
  assert.equal(await state(page), 'pending');
  assert.equal(await page.locator('#results').isVisible(), false, 'the answer is hidden');
  assert.equal(await page.locator('.charts').isVisible(), false, 'so are the charts (they would give it away)');
  assert.equal(await page.locator('#predict').isVisible(), true);
  assert.match(await page.locator('#predict-question').textContent(), /ResNet-50.*A100.*batch 1/);
  assert.equal(await page.locator('#guess-ttft-field').isVisible(), false, 'no TTFT guess for a CNN');
  assert.equal(await page.locator('#predict-toggle').isChecked(), true);
  await screenshot(page, 'predict-pending');
  // Nothing chosen: a message, still hidden.
  await page.locator('#predict-commit').click();
  assert.match(await page.locator('#predict-error').textContent(), /Pick memory- or compute-bound/);
  assert.equal(await state(page), 'pending');
  // Keyboard: a radio with Space, the button with Enter.
  await page.locator('input[name="guess-bound"][value="compute"]').focus();
  await page.keyboard.press('Space');
  await page.locator('#predict-commit').focus();
  await page.keyboard.press('Enter');
  assert.equal(await state(page), 'revealed');
  const r = sim.solve(withDefaults());
  const li = page.locator('#predict-feedback [data-guess="bound"]');
  assert.equal(await li.getAttribute('data-correct'), String(r.performance.bottleneck === 'compute'));
  assert.match(await li.textContent(), new RegExp(`model says ${r.performance.bottleneck}-bound`));
  assert.equal(await page.locator('#results').isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'predict-feedback', 'focus moves to the answer');
  await screenshot(page, 'predict-revealed');
  // A new scenario asks again; switching the mode off shows everything and drops predict=1.
  await page.locator('#batch-up').click();
  assert.equal(await state(page), 'pending');
  await page.locator('#predict-toggle').uncheck();
  assert.equal(await state(page), 'off');
  assert.equal(await page.locator('#results').isVisible(), true);
  assert.equal(await page.evaluate(() => location.hash), '#s=1&bs=2');
  assertClean(problems);
  await context.close();
});

test('predict first for a decoder: the TTFT guess and how far off it was', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B&predict=1');
  const r = sim.solve({ ...withDefaults(), model: 'Llama3_8B' });
  assert.equal(await page.locator('#guess-ttft-field').isVisible(), true);
  await page.locator('#guess-ttft').fill('50');
  await page.locator('#predict-commit').click();
  const li = page.locator('#predict-feedback [data-guess="ttft"]');
  const ratio = Number(await li.getAttribute('data-ratio'));
  assert.ok(Math.abs(ratio - 0.05 / r.serving.ttft_s) < 1e-12, `ratio ${ratio}`);
  assert.match(await li.textContent(), new RegExp(`you guessed 50 ms; the model says ${(r.serving.ttft_s * 1000).toPrecision(3)} ms — ${(r.serving.ttft_s / 0.05).toPrecision(3)}× too low`));
  assert.equal(await page.locator('#predict-feedback [data-guess="bound"]').count(), 0, 'only what was guessed is scored');
  assertClean(problems);
  await context.close();
});

test('keyboard only: tab order through the main flow, visible focus, Enter/Space/arrows on the controls', async () => {
  const { page, problems, context } = await openPage(ctx, '');
  await page.evaluate(() => document.activeElement?.blur());
  const order = [];
  for (let i = 0; i < 22; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.className || document.activeElement.tagName));
  }
  const expected = ['model', 'hardware', 'precision', 'batch-down', 'batch', 'batch-up', 'batch-slider', 'mode', 'tp',
    'copy-link', 'pin', 'export-json', 'predict-toggle'];
  const at = expected.map((id) => order.indexOf(id));
  assert.ok(at.every((i) => i >= 0), `all reached by Tab: ${order.join(' → ')}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, `in reading order: ${order.join(' → ')}`);
  assert.equal(order[0], 'skip-link', 'the skip link comes first');
  // Visible focus on a control reached by keyboard.
  await page.locator('#batch-up').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.id, s.outlineStyle, s.outlineWidth]; });
  assert.deepEqual(ring, ['batch-up', 'solid', '3px']);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#batch').inputValue(), '4', 'Enter and Space press the ×2 button');
  await page.locator('#batch-slider').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#batch').inputValue(), '8', 'arrow keys move the batch slider');
  await page.locator('#pin').focus();
  await page.keyboard.press('Enter');
  await page.locator('#batch-up').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#compare').isVisible(), true, 'pinned and compared by keyboard');
  assert.equal(await page.evaluate(() => location.hash), '#s=1&bs=16&a.s=1&a.bs=8');
  // Chart points are focusable and show their tooltip.
  await page.locator('mlsysim-roofline-chart .pt-pinned').focus();
  assert.match(await page.locator('mlsysim-roofline-chart .tooltip').textContent(), /A \(pinned\)/);
  await screenshot(page, 'keyboard-pinned-focus');
  assertClean(problems);
  await context.close();
});

test('narrow screens: no horizontal scrolling at 320 px, with predict and compare on', async () => {
  for (const hash of ['#s=1&model=Llama3_8B', '#s=1&model=Llama3_8B&hw=H100&predict=1&a.s=1&a.model=Llama3_8B']) {
    const { page, problems, context } = await openPage(ctx, hash, { viewport: { width: 320, height: 800 } });
    await page.waitForTimeout(300);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(over <= 0, `${hash}: ${over} px of horizontal overflow`);
    if (hash.includes('predict')) {
      await page.locator('input[name="guess-bound"][value="memory"]').check();
      await page.locator('#predict-commit').click();
      const over2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(over2 <= 0, `revealed with compare: ${over2} px of horizontal overflow`);
      await screenshot(page, 'narrow-320-compare');
    }
    assertClean(problems);
    await context.close();
  }
});

test('offline after the first visit: the service worker serves the page, the engine and the wasm', async () => {
  const own = await startServer({ root: webDir, port: 0 });
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  try {
    await page.goto(`${own.url}index.html#s=1&bs=8`);
    await page.waitForFunction(() => document.body.dataset.state === 'ok');
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, own.url, 'the worker covers the site folder');
    // Gone: the network is off and the server is down.
    await context.setOffline(true);
    own.server.closeAllConnections();
    await new Promise((r) => own.server.close(r));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ok');
    const r = sim.solve({ ...withDefaults(), batch_size: 8 });
    assert.equal(Number(await page.locator('mlsysim-roofline [data-metric="latency"] .value').getAttribute('data-value')), r.performance.latency_s);
    assert.equal(await page.locator('mlsysim-roofline-chart svg .pt-workload').count(), 1);
    await screenshot(page, 'offline-reload');
    // The folder's address too: index.html is stored once and serves both names.
    await page.goto(own.url);
    await page.waitForFunction(() => document.body.dataset.state, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ok', 'offline at the folder address');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    if (own.server.listening) await new Promise((r) => own.server.close(r));
  }
});

test('the service worker is registered only on http(s), never from file:', async () => {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`file://${webDir}/index.html`);
  await page.waitForTimeout(500);
  const regs = await page.evaluate(() => (navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then((r) => r.length).catch(() => 0) : 0));
  assert.equal(regs, 0);
  await context.close();
});
