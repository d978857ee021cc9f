// The default scenario's result the build writes into index.html (web/src/default-result.js): it is
// the engine's own result for the scenario the page sends for an address with no scenario; the page
// shows it in its first frame, before the engine is in, and the engine's solve changes nothing; a
// block solved for another scenario, or an address with a scenario, leaves the engine to answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, webDir, nodeEngine, isFakeBuild } from './harness.mjs';
import { parseState } from '../../web/src/url-state.js';
import { toEngineScenario, modelKind } from '../../web/src/scenario.js';

const fake = await isFakeBuild();
const html = await readFile(join(webDir, 'index.html'), 'utf8');
const BLOCK = /<script type="application\/json" id="default-result">([^<]*)<\/script>\n?/;

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.close(); });

test('the block is the engine result of the scenario the page sends for a bare address', { skip: fake && 'fake build: no block' }, async () => {
  const block = JSON.parse(html.match(BLOCK)[1].replaceAll('\\u003c', '<'));
  const sim = await nodeEngine();
  const s = parseState('').scenario;
  assert.deepEqual(block.sent, toEngineScenario(s, { kind: modelKind(s, sim.catalog()) }));
  assert.equal(JSON.stringify(block.result), JSON.stringify(sim.solve(block.sent)));
});

/**
 * index.html (its block replaced by what `edit` returns, text as is, when given) with the engine's wasm held back until the
 * returned release() is called: what the page shows before its engine is in.
 */
async function openHeld(hash = '', edit = null) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  if (edit) {
    await page.route('**/index.html', (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: html.replace(BLOCK, (whole, json) => {
        const next = edit(JSON.parse(json));
        return whole.replace(json, typeof next === 'string' ? next : JSON.stringify(next));
      }),
    }));
  }
  await page.goto(ctx.url + 'index.html' + hash);
  await page.waitForFunction(() => performance.getEntriesByName('mlsysim:start').length > 0);
  await page.waitForTimeout(300); // the first frame, and anything the page does without its engine
  const ready = () => page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  return { page, context, problems, release, ready };
}

/** The headline numbers as the page shows them. */
const headline = (page) => page.evaluate(() => [...document.querySelectorAll('#results [data-metric] .value')]
  .map((v) => `${v.closest('[data-metric]').dataset.metric}=${v.dataset.value}:${v.textContent}`));

test('a bare address shows the built result in its first frame, and the engine changes none of it', { skip: fake && 'fake build: no block' }, async () => {
  const { page, context, problems, release, ready } = await openHeld();
  const before = await page.evaluate(() => ({
    state: document.body.dataset.state,
    ready: document.body.dataset.ready,
    pending: document.body.dataset.pending,
    marked: performance.getEntriesByName('mlsysim:default-result').length,
    firstResult: performance.getEntriesByName('mlsysim:first-result')[0]?.startTime,
    firstPaint: performance.getEntriesByType('paint')[0]?.startTime,
    model: document.querySelector('#model').value,
    sent: document.querySelector('#scenario-json').textContent,
  }));
  assert.equal(before.ready, undefined, 'the engine is held back');
  assert.match(before.pending, /\bengine\b/, 'a test waiting for the page to settle waits for the engine');
  assert.equal(before.state, 'ok');
  assert.equal(before.marked, 1);
  assert.equal(before.model, 'ResNet50', 'the inputs show the scenario');
  assert.equal(before.sent, JSON.stringify(JSON.parse(html.match(BLOCK)[1]).sent));
  // app.js blocks rendering until it has run: no frame of an empty form before the result.
  assert.ok(before.firstPaint >= before.firstResult, `first paint at ${before.firstPaint} ms, the result at ${before.firstResult} ms`);
  const shown = await headline(page);
  assert.ok(shown.length >= 5, shown.join(', '));
  release();
  await ready();
  assert.deepEqual(await headline(page), shown);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a toggle or a measurement before the engine is in: no error in place of the result, the toggle solved once it is', { skip: fake && 'fake build: no block' }, async () => {
  const { page, context, problems, release, ready } = await openHeld();
  await page.locator('#predict-toggle').check();
  // A measurement applied meanwhile is refused at its field, with the reason, and kept there.
  await page.locator('#cal-value').fill('0.7 ms');
  await page.locator('mlsysim-calibrate .cal-apply').click();
  assert.match(await page.locator('#cal-error').textContent(), /the engine is still loading/);
  assert.equal(await page.locator('#cal-value').inputValue(), '0.7 ms');
  await page.waitForTimeout(200);
  // No solve without an engine: the built result stays, with no error in its place.
  assert.deepEqual(await page.evaluate(() => [document.body.dataset.state, document.querySelector('#alerts').hidden]), ['ok', true]);
  assert.deepEqual(problems, []);
  release();
  await ready();
  await page.waitForFunction(() => document.body.dataset.predict === 'pending');
  assert.equal(await page.locator('#alerts').isHidden(), true);
  await context.close();
});

test('an input changed before the engine is in is kept, and solved once it is', { skip: fake && 'fake build: no block' }, async () => {
  const { page, context, problems, release, ready } = await openHeld();
  await page.locator('#batch').fill('4');
  await page.locator('#batch-up').click(); // 4 → 8
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => [document.body.dataset.state, document.querySelector('#alerts').hidden]), ['ok', true]);
  release();
  await ready();
  const sim = await nodeEngine();
  const r = sim.solve({ schema: 1, model: 'ResNet50', hardware: 'A100', mode: 'inference', precision: 'fp16', batch_size: 8 });
  await page.waitForFunction((want) => Number(document.querySelector('#results [data-metric="latency"] .value')?.dataset.value) === want, r.performance.latency_s);
  assert.equal(await page.locator('#batch').inputValue(), '8');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link\'s inputs wait for its scenario: no default value shows in them meanwhile', { skip: fake && 'fake build: no block' }, async () => {
  const { page, context, release, ready } = await openHeld('#s=1&model=Llama3_8B&hw=H100');
  assert.equal(await page.locator('#model option').count(), 0);
  release();
  await ready();
  assert.deepEqual([await page.locator('#model').inputValue(), await page.locator('#hardware').inputValue()], ['Llama3_8B', 'H100']);
  await context.close();
});

test('a block for another scenario or that does not parse, or an address with a scenario, leaves the engine to answer', { skip: fake && 'fake build: no block' }, async () => {
  const sim = await nodeEngine();
  const cases = [
    ['another scenario', '', (b) => ({ ...b, sent: { ...b.sent, batch_size: 2 } }), { schema: 1, model: 'ResNet50', hardware: 'A100', mode: 'inference', precision: 'fp16', batch_size: 1 }],
    ['a block that does not parse', '', () => '{"sent": {"schema": 1', { schema: 1, model: 'ResNet50', hardware: 'A100', mode: 'inference', precision: 'fp16', batch_size: 1 }],
    ['an address with a scenario', '#s=1&bs=4', null, { schema: 1, model: 'ResNet50', hardware: 'A100', mode: 'inference', precision: 'fp16', batch_size: 4 }],
  ];
  for (const [label, hash, edit, sent] of cases) {
    const { page, context, problems, release, ready } = await openHeld(hash, edit);
    const held = await page.evaluate(() => [document.body.dataset.state, performance.getEntriesByName('mlsysim:default-result').length]);
    assert.deepEqual(held, [undefined, 0], `${label}: nothing shown before the engine`);
    release();
    await ready();
    const latency = await page.locator('#results [data-metric="latency"] .value').getAttribute('data-value');
    assert.equal(Number(latency), sim.solve(sent).performance.latency_s, label);
    assert.deepEqual(problems, [], label);
    await context.close();
  }
});

test('a bare address fetches the wasm only after its first result, a link at once; each fetches it once', { skip: fake && 'fake build: no block' }, async () => {
  for (const [hash, deferred] of [['', true], ['#s=1&hw=H100', false]]) {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    await page.goto(ctx.url + 'index.html' + hash);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
    const { wasm, result, engineStart } = await page.evaluate(() => ({
      wasm: performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).map((e) => e.startTime),
      result: performance.getEntriesByName('mlsysim:first-result')[0].startTime,
      engineStart: performance.getEntriesByName('mlsysim:engine-start')[0].startTime,
    }));
    assert.equal(wasm.length, 1, `${hash || 'bare'}: fetched ${wasm.length} times`);
    if (deferred) assert.ok(wasm[0] > result, `bare: the wasm fetched at ${wasm[0]} ms, the first result at ${result} ms`);
    // A link: boot.js has started the fetch before app.js gets to its engine (else app.js fetches it then).
    else assert.ok(wasm[0] < engineStart, `link: the wasm fetched at ${wasm[0]} ms, app.js's engine start at ${engineStart} ms`);
    await context.close();
  }
});

test('an engine that cannot start: the alert says so, under it the bare address keeps the built result', { skip: fake && 'fake build: no block' }, async () => {
  for (const [hash, shown] of [['', true], ['#s=1&hw=H100', false]]) {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    await page.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(ctx.url + 'index.html' + hash);
    await page.waitForFunction(() => document.body.dataset.state === 'fatal', null, { timeout: 30000 });
    assert.match(await page.locator('#alerts').textContent(), /The modeling engine could not start\./, hash);
    assert.equal(await page.locator('#results [data-metric="latency"] .value').count(), shown ? 1 : 0, hash);
    await context.close();
  }
});
