// Loading on demand (src/sections.js, app.js LAZY): the first result needs only the engine, the
// controller and the panels above the fold; the sections below the fold arrive after it, and the
// others (training inputs, comparison, collectives calculator, downloads) only when they are used,
// each showing a placeholder while its code loads. Changes that come faster than frames are solved
// once per frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, settled, nodeEngine } from './harness.mjs';
import { withDefaults } from '../../web/src/url-state.js';

let ctx;
let sim;

before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});

after(async () => {
  await ctx?.close();
});

const AFTER_PAINT = ['charts', 'details', 'ops'];
const ON_DEMAND = ['fleet', 'compare', 'collective', 'export'];
// A section's file: js/NAME-HASH.js in the bundled build, src/sections/NAME.js without bundling.
const sectionOf = (url) => new URL(url).pathname.match(/\/(?:js\/([a-z]+)-[A-Z0-9]+\.js|src\/sections\/([a-z]+)\.js)$/)?.slice(1).find(Boolean);
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');

/** Sections whose file the page fetched, with the time each request started (ms after navigation). */
const fetchedSections = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => [r.name, r.startTime]))
  .then((entries) => new Map(entries.map(([url, t]) => [sectionOf(url), t]).filter(([s]) => s)));

test('the first load requests no section before its first result, the ones below the fold after it, and no other', async () => {
  const { page, problems, context } = await openPage(ctx, '');
  const first = await page.evaluate(() => performance.getEntriesByName('mlsysim:first-result')[0].startTime);
  const fetched = await fetchedSections(page);
  for (const [name, t] of fetched) assert.ok(t > first, `${name} was requested at ${t.toFixed(0)} ms, before the first result (${first.toFixed(0)} ms)`);
  for (const name of AFTER_PAINT) assert.ok(fetched.has(name), `${name} loads after the first result`);
  for (const name of ON_DEMAND) assert.ok(!fetched.has(name), `${name} is not requested until it is used`);
  // What loaded after the paint is drawn from the same result.
  const r = sim.solve(withDefaults());
  assert.equal(await page.locator('mlsysim-roofline-chart svg .pt-sweep').count(), r.performance.sweep.length);
  assert.equal(Number(await page.locator('mlsysim-energy [data-metric="power"] .value').getAttribute('data-value')), r.energy.power_w);
  assert.equal(await page.locator('mlsysim-operators').isVisible(), true);
  assert.equal(await page.locator('[data-lazy][aria-busy]').count(), 0, 'no placeholder left');
  assertClean(problems);
  await context.close();
});

test('each section loads when it is first used, and works', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&hw=H100');
  // (The page's own record of what it fetched: once the service worker serves the page, requests
  // no longer pass the test's router.)
  const used = async (name) => (await fetchedSections(page)).has(name);
  // The collectives calculator: when its box is opened.
  assert.equal(await used('collective'), false);
  await page.getByText('Collectives calculator').click();
  assert.equal(await used('collective'), true);
  await page.getByRole('button', { name: /Example: ring all-reduce of 1 GB on 256 GPUs/ }).click();
  const c = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100', algorithm: 'ring', fabric: 'InfiniBand_NDR' });
  assert.equal(Number(await page.locator('mlsysim-collective [data-metric="coll-time"] .value').getAttribute('data-value')), c.collective.time_s);
  assert.equal(await page.locator('#coll-fabric option').count() > 1, true, 'the calculator offers every fabric');
  // The comparison: when a scenario is pinned.
  assert.equal(await used('compare'), false);
  await page.locator('#pin').click();
  await page.locator('#batch-up').click();
  assert.equal(await used('compare'), true);
  assert.equal(await page.locator('#compare').isVisible(), true);
  assert.ok(await page.locator('mlsysim-compare tr[data-metric]').count() > 3, 'the comparison table is filled');
  // Downloads: at the first one.
  assert.equal(await used('export'), false);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  assert.equal(await used('export'), true);
  // The training inputs and panels: when the mode becomes training.
  assert.equal(await used('fleet'), false);
  await page.locator('#mode').selectOption('training');
  assert.equal(await used('fleet'), true);
  assert.equal(await page.locator('#fleet-fields').isVisible(), true);
  const sent = JSON.parse(await page.locator('#scenario-json').textContent());
  const r = sim.solve(sent);
  assert.equal(Number(await page.locator('mlsysim-training [data-metric="step-time"] .value').getAttribute('data-value')), r.training.step_time_s);
  assertClean(problems);
  await context.close();
});

test('a section whose code is slow to come shows a placeholder meanwhile; the result above it stays put', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const slow = await context.newPage();
  const problems = [];
  slow.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  slow.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await slow.route((url) => sectionOf(url.href) === 'ops', async (route) => { await held; await route.continue(); });
  await slow.goto(`${ctx.url}index.html`);
  await slow.waitForFunction(() => document.body.dataset.state === 'ok');
  const box = slow.locator('.ops-panels');
  assert.equal(await box.getAttribute('aria-busy'), 'true');
  assert.equal(await box.isVisible(), true, 'the placeholder is shown');
  assert.ok((await box.boundingBox()).height >= 60, 'and keeps some room');
  assert.match(await slow.evaluate(() => document.body.dataset.pending), /\bops\b/);
  const top = (await slow.locator('#results').boundingBox()).y;
  release();
  await settled(slow);
  assert.equal(await box.getAttribute('aria-busy'), null);
  assert.equal(await slow.locator('mlsysim-energy').isVisible(), true);
  assert.equal((await slow.locator('#results').boundingBox()).y, top, 'the result did not move');
  assertClean(problems);
  await context.close();
});

test('changes faster than frames are solved once per frame, with the latest scenario', async () => {
  const { page, problems, context } = await openPage(ctx, '');
  const seen = await page.evaluate(async () => {
    let renders = 0;
    const mark = performance.mark.bind(performance);
    performance.mark = (name, o) => { if (name === 'mlsysim:rendered') renders++; return mark(name, o); };
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); // a fresh frame
    const before = location.hash;
    const input = document.querySelector('#batch');
    for (const v of [2, 3, 4, 5, 6, 7, 8]) { // seven changes in one task
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const inTask = renders;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    performance.mark = mark;
    return { inTask, after: renders, before, hash: location.hash };
  });
  assert.equal(seen.inTask, 1, 'the first change is solved at once');
  assert.equal(seen.after, 2, 'the six others in one solve at the next frame');
  assert.equal(seen.hash, seen.before, 'the URL waits for typing to pause');
  await settled(page);
  assert.equal(await page.evaluate(() => location.hash), '#s=1&bs=8', 'then it holds the latest scenario');
  const r = sim.solve({ ...withDefaults(), batch_size: 8 });
  assert.equal(Number(await page.locator('mlsysim-roofline [data-metric="latency"] .value').getAttribute('data-value')), r.performance.latency_s);
  assertClean(problems);
  await context.close();
});
