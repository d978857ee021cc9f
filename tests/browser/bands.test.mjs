// Uncertainty bands on the page (MODELS.md §M): every headline number shows the engine's band
// (result.bands[path], same numbers on data-low/data-high, text from the shared formatter), its
// accuracy class on hover and in the explain disclosure; in every mode and panel; desktop, 390 px, dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine } from './harness.mjs';
import { bandOf, bandText, pairText, ACCURACY_TEXT } from '../../web/src/band-format.js';
import { formatTime, formatRate, formatPercent, formatNumber } from '../../web/src/format.js';
import { formatKwh, formatCo2, formatUsd } from '../../web/src/ops-format.js';

// As the training panel writes them (its module defines a custom element, so it does not load in Node).
const formatDays = (s) => `${formatNumber(s / 86400)} days`;
const formatCount = (n) => Math.round(n).toLocaleString('en-US');

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const W2 = '#s=1&model=Llama3_70B&hw=H100&prec=bf16&mode=serving&out=256&bs=32&tp=8&rate=2&slo=10';
const TRAIN = '#s=1&model=Llama2_7B&hw=H100&prec=bf16&mode=training&gpus=8&bs=64&seq=4096&days=30';
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
const sent = async (page) => JSON.parse(await page.locator('#scenario-json').textContent());
const settled = (page) => page.waitForFunction(() => document.body.dataset.ready === 'true');

/** Every band on the page: {path, low, high, text, title, accuracy of its metric}. */
const bandsOnPage = (page) => page.locator('.band').evaluateAll((els) => els.map((b) => ({
  path: b.dataset.path, low: Number(b.dataset.low), high: b.dataset.high === '' ? null : Number(b.dataset.high),
  text: b.querySelector('.band-text').textContent, title: b.title, accuracy: b.closest('.metric')?.dataset.accuracy,
  metric: b.closest('.metric')?.dataset.metric,
})));

test('bandText: the unit once, different units kept, open and collapsed bands', () => {
  assert.equal(bandText({ low: 9.7715e-3, high: 15.98e-3 }, formatTime), '9.77–16 ms');
  assert.equal(bandText({ low: 322e-6, high: 1.12e-3 }, formatTime), '322 µs–1.12 ms');
  assert.equal(bandText({ low: 1, high: null }, String), '≥ 1');
  assert.equal(bandText({ low: 25.01e3, high: 25.04e3 }, formatCo2), '≈ 25 t CO₂e');
  assert.equal(bandText({ low: 0.396, high: 0.671 }, formatPercent), '39.6%–67.1%');
  assert.equal(pairText(0.0997, 0.011, formatTime, ' → '), '99.7 → 11 ms');
  assert.equal(bandOf({ bands: { x: [1, null] } }, 'x').high, null);
  assert.equal(bandOf({ bands: {} }, 'x'), null);
});

// The formatter each panel uses for each banded path.
const FORMAT = {
  'performance.latency_s': formatTime, 'serving.ttft_s': formatTime, 'serving.itl_s': formatTime,
  'serving.request_latency_s': formatTime, 'training.step_time_s': formatTime, 'queueing.p99_s': formatTime,
  'performance.mfu': formatPercent, 'training.mfu': formatPercent,
  'serving.tokens_per_s': (x) => formatRate(x, 'tokens/s'), 'training.tokens_per_s': (x) => formatRate(x, 'tokens/s'),
  'energy.energy_kwh': formatKwh, 'energy.carbon_kg': formatCo2, 'cost.usd_per_million_tokens': formatUsd,
  'cost.run_usd': formatUsd, 'training.time_to_train_s': formatDays, 'training.gpus_needed': formatCount,
  'queueing.replicas_needed': String,
};

for (const [name, hash, expected] of [
  ['W2 serving with traffic', W2, ['performance.latency_s', 'performance.throughput_per_s', 'performance.mfu', 'serving.ttft_s',
    'serving.itl_s', 'serving.request_latency_s', 'serving.tokens_per_s', 'queueing.p99_s', 'queueing.replicas_needed',
    'energy.energy_kwh', 'energy.carbon_kg', 'cost.usd_per_million_tokens']],
  ['training with a deadline', TRAIN, ['performance.latency_s', 'training.step_time_s', 'training.tokens_per_s', 'training.mfu',
    'training.time_to_train_s', 'training.gpus_needed', 'energy.energy_kwh', 'cost.run_usd']],
]) {
  test(`${name}: each headline band equals the engine's, with its accuracy class`, async () => {
    const { page, problems, context } = await openPage(ctx, hash);
    await settled(page);
    const r = sim.solve(await sent(page));
    assert.equal(r.ok, true);
    const shown = await bandsOnPage(page);
    const paths = new Set(shown.map((b) => b.path));
    for (const p of expected) assert.ok(paths.has(p), `the page shows the band of ${p}`);
    for (const b of shown) {
      const band = bandOf(r, b.path);
      assert.ok(band, `${b.path} is banded by the engine`);
      assert.equal(b.low, band.low, `${b.path} low`);
      assert.equal(b.high, band.high, `${b.path} high`);
      if (FORMAT[b.path]) assert.equal(b.text, `(${bandText(band, FORMAT[b.path])})`, `${b.path} text`);
      assert.match(b.text, /^\(.+\)$/);
      const cls = r.accuracy[b.path];
      assert.ok(cls, `${b.path} has an accuracy class`);
      assert.equal(b.accuracy, cls, `${b.path} data-accuracy`);
      assert.ok(b.title.includes(ACCURACY_TEXT[cls]), `${b.path} hover names the class`);
      assert.match(b.title, /MODELS\.md §C\.1, §M/);
      assert.ok(await page.locator(`.band[data-path="${b.path}"]`).first().isVisible(), `${b.path} band visible`);
    }
    // Beside the number itself: the value and its band share a line.
    const ttft = page.locator('mlsysim-serving [data-metric="ttft"], mlsysim-training [data-metric="step-time"]').first();
    const [vBox, bBox] = [await ttft.locator('.value').boundingBox(), await ttft.locator('.band').boundingBox()];
    assert.ok(Math.abs(vBox.y + vBox.height - (bBox.y + bBox.height)) < vBox.height, 'the band sits on the value line');
    assertClean(problems);
    await context.close();
  });
}

test('the explain disclosure of a banded number states its band source and accuracy class', async () => {
  const { page, problems, context } = await openPage(ctx, W2);
  await settled(page);
  const item = page.locator('mlsysim-serving [data-metric="ttft"]');
  await item.locator('details.explain summary').first().click();
  const note = item.locator('.band-note');
  assert.equal(await note.count(), 1);
  const text = await note.textContent();
  assert.match(text, /serving\.ttft_s: band and accuracy/);
  assert.match(text, /Accuracy class roofline/);
  assertClean(problems);
  await context.close();
});

test('W1 on the page: the ResNet-50 batch-256 latency band is the hand calculation, 9.77–16.0 ms', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&bs=256');
  await settled(page);
  const b = (await bandsOnPage(page)).find((x) => x.path === 'performance.latency_s');
  assert.ok(Math.abs(b.low - 9.7715e-3) < 1e-6 && Math.abs(b.high - 15.9816e-3) < 1e-6, `${b.low}–${b.high}`);
  assert.equal(b.text, '(9.77–16 ms)');
  assertClean(problems);
  await context.close();
});

for (const [label, opts] of [['desktop', {}], ['390 px', { viewport: { width: 390, height: 900 } }], ['dark', { colorScheme: 'dark' }]]) {
  test(`screenshots with bands (${label}): no horizontal overflow`, async () => {
    for (const [name, hash] of [['serving', W2], ['training', TRAIN]]) {
      const { page, problems, context } = await openPage(ctx, hash, opts);
      await settled(page);
      assert.ok(await page.locator('.band').count() > 5);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal overflow');
      await screenshot(page, `bands-${name}-${label.replace(/\W+/g, '')}`);
      assertClean(problems);
      await context.close();
    }
  });
}
