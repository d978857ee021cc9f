// Calibration on the page (issue 6/6): one measurement entered in <mlsysim-calibrate> is fitted by the
// engine, carried in the URL (calm, calv) and reproduced exactly when the link is opened; the page says
// what changed; a bad or unreachable value is answered at the field and the last good result stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine } from './harness.mjs';
import { parseState, serializeState } from '../../web/src/url-state.js';
import { toEngineScenario } from '../../web/src/scenario.js';
import { changeText, metricsFor } from '../../web/src/calibrate-format.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const W2 = '#s=1&model=Llama3_70B&hw=H100&prec=bf16&mode=serving&out=256&bs=32&tp=8';
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
const sent = async (page) => JSON.parse(await page.locator('#scenario-json').textContent());
const settled = (page) => page.waitForFunction(() => document.body.dataset.ready === 'true');
const value = (page, panel, key) => page.locator(`${panel} [data-metric="${key}"] .value`);
const numbers = async (page) => ({
  ttft: await value(page, 'mlsysim-serving', 'ttft').getAttribute('data-value'),
  itl: await value(page, 'mlsysim-serving', 'itl').getAttribute('data-value'),
  itlText: await value(page, 'mlsysim-serving', 'itl').textContent(),
  tokens: await value(page, 'mlsysim-serving', 'tokens-system').getAttribute('data-value'),
  itlBand: await page.locator('mlsysim-serving [data-metric="itl"] .band-text').textContent(),
});

async function calibrate(page, metric, text) {
  await page.selectOption('#cal-metric', metric);
  await page.fill('#cal-value', text);
  await page.click('mlsysim-calibrate .cal-apply');
}

test('URL keys calm and calv: parsed, written back, sent to the engine as the calibration block', () => {
  const st = parseState('#s=1&model=Llama3_8B&calm=serving.itl_s&calv=12.5%20ms');
  assert.deepEqual(st.errors, []);
  assert.equal(st.scenario.calibration_metric, 'serving.itl_s');
  assert.equal(st.scenario.calibration_measured, '12.5 ms');
  assert.equal(serializeState(st), '#s=1&model=Llama3_8B&calm=serving.itl_s&calv=12.5%20ms');
  assert.deepEqual(toEngineScenario(st.scenario).calibration, { metric: 'serving.itl_s', measured: '12.5 ms' });
  assert.deepEqual(toEngineScenario(parseState('#s=1&calm=performance.latency_s&calv=0.0007').scenario).calibration,
    { metric: 'performance.latency_s', measured: 0.0007 }, 'a plain number is SI');
  assert.equal(parseState('#s=1&calv=').errors[0].param, 'calv');
  assert.equal(toEngineScenario(parseState('#s=1').scenario).calibration, undefined);
});

test('metricsFor offers the headline outputs of the mode the result is in', () => {
  const srv = sim.solve({ model: 'Llama3_8B', hardware: 'A100', mode: 'serving' });
  assert.deepEqual(metricsFor(srv).map((m) => m.path), ['serving.ttft_s', 'serving.itl_s', 'serving.request_latency_s', 'serving.tokens_per_s']);
  const cnn = sim.solve({ model: 'ResNet50', hardware: 'A100' });
  assert.deepEqual(metricsFor(cnn).map((m) => m.path), ['performance.latency_s', 'performance.throughput_per_s', 'performance.mfu']);
  const trn = sim.solve({ model: 'Llama2_7B', hardware: 'H100', mode: 'training', batch_size: 64, cluster: { dp: 8 } });
  assert.deepEqual(metricsFor(trn).map((m) => m.path), ['training.step_time_s', 'training.tokens_per_s', 'training.mfu']);
});

test('apply a measurement: the URL carries it, the page says what changed, the numbers are the engine\'s', async () => {
  const { page, problems, context } = await openPage(ctx, W2);
  await settled(page);
  const before = await numbers(page);
  await calibrate(page, 'serving.itl_s', '20 ms');
  await page.waitForFunction(() => /calv=/.test(location.hash));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /calm=serving\.itl_s&calv=20%20ms/);
  const s = await sent(page);
  assert.deepEqual(s.calibration, { metric: 'serving.itl_s', measured: '20 ms' });
  const r = sim.solve(s);
  assert.equal(r.calibration.reached, true);
  assert.equal(r.calibration.parameter, 'efficiency.compute', 'the W2 iteration is compute-bound');
  const change = page.locator('mlsysim-calibrate .cal-change');
  assert.ok(await change.isVisible());
  assert.equal(await change.locator('.cal-what').textContent(), changeText(r));
  assert.match(changeText(r), /^efficiency\.compute 0\.60 → 0\.48; Inter-token latency 17\.8 → 20 ms$/);
  assert.equal(await change.locator('.cal-note').textContent(), r.calibration.note);
  const after = await numbers(page);
  assert.equal(Number(after.itl), r.serving.itl_s);
  assert.ok(Math.abs(Number(after.itl) - 0.02) < 1e-12, 'the fitted ITL is the measurement');
  assert.notEqual(after.ttft, before.ttft, 'the fitted efficiency moves the other outputs too');
  assert.equal(Number(after.ttft), r.serving.ttft_s);
  assert.notEqual(after.itlBand, before.itlBand, 'the band narrows: the fitted parameter is held fixed');
  assert.equal(await page.locator('mlsysim-calibrate .cal-clear').isVisible(), true);
  // The per-token batch chart varies the batch with the fitted parameter, not a refit at every point.
  await page.waitForFunction(() => document.body.dataset.sweepBatch === 'done' &&
    document.querySelector('#batch-latency-chart').data?.points?.some((p) => p.x === 32 && Math.abs(p.itl_s - 0.02) < 1e-12));
  const points = await page.evaluate(() => document.querySelector('#batch-latency-chart').data.points.map((p) => [p.x, p.itl_s]));
  const fitted = { ...s, efficiency: { compute: r.calibration.to } };
  delete fitted.calibration;
  for (const [x, itl] of points) assert.equal(itl, sim.solve({ ...fitted, batch_size: x }).serving.itl_s, `batch ${x}`);
  assert.ok(points.find(([x]) => x === 1)[1] < 0.02, 'batch 1 is faster than the measured batch 32');
  await screenshot(page, 'calibrate-applied');
  assertClean(problems);
  await context.close();

  // Round trip: the link alone reproduces the same numbers and the same sentence.
  const again = await openPage(ctx, hash);
  await settled(again.page);
  assert.deepEqual(await numbers(again.page), after);
  assert.equal(await again.page.locator('mlsysim-calibrate .cal-what').textContent(), changeText(r));
  assert.equal(await again.page.inputValue('#cal-value'), '20 ms');
  assert.equal(await again.page.inputValue('#cal-metric'), 'serving.itl_s');
  assertClean(again.problems);
  await again.context.close();
});

test('a bad measured value: message at the field, last good result kept, URL unchanged', async () => {
  const { page, problems, context } = await openPage(ctx, W2);
  await settled(page);
  const before = await numbers(page);
  const hash = await page.evaluate(() => location.hash);
  for (const [text, message] of [['abc', /calibration\.measured: must be a time such as '115 ms'/], ['5 GB', /calibration\.measured/],
    ['1 ms', /cannot be reached; nothing was fitted/], ['', /Enter the value you measured/]]) {
    await calibrate(page, 'serving.itl_s', text);
    const err = page.locator('#cal-error');
    await err.waitFor({ state: 'visible' });
    assert.match(await err.textContent(), message, text);
    assert.equal(await page.getAttribute('#cal-value', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => location.hash), hash, 'the link keeps the last good scenario');
    assert.deepEqual(await numbers(page), before, 'the shown result is the last good one');
    assert.equal(await page.locator('mlsysim-roofline').getAttribute('stale'), null, 'and it is not marked stale');
  }
  // A good value then clears the message.
  await calibrate(page, 'serving.ttft_s', '0.12 s');
  await page.waitForFunction(() => /calm=serving\.ttft_s/.test(location.hash));
  assert.equal(await page.locator('#cal-error').isVisible(), false);
  assert.equal(await page.getAttribute('#cal-value', 'aria-invalid'), null);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.fill('#cal-value', 'abc');
  await page.click('mlsysim-calibrate .cal-apply');
  await screenshot(page, 'calibrate-error-390');
  assertClean(problems);
  await context.close();
});

test('a bad value in the link is named at the field and in the alerts', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&calm=serving.itl_s&calv=fast`);
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const alerts = await page.locator('#alerts').textContent();
  assert.match(alerts, /Measured value \(calibration\.measured\): must be a time/);
  assert.match(await page.locator('#cal-error').textContent(), /must be a time/);
  assert.equal(await page.getAttribute('#cal-value', 'aria-invalid'), 'true');
  const wrong = await openPage(ctx, `${W2}&calm=serving.tokens&calv=10`);
  await wrong.page.waitForFunction(() => document.body.dataset.state === 'error');
  assert.match(await wrong.page.locator('#alerts').textContent(), /did you mean serving\.tokens_per_s/);
  assertClean(problems);
  assertClean(wrong.problems);
  await context.close();
  await wrong.context.close();
});

test('Remove, and any input change, take the calibration away (a measurement belongs to its inputs)', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&calm=serving.itl_s&calv=20%20ms`, { colorScheme: 'dark' });
  await settled(page);
  await screenshot(page, 'calibrate-dark');
  await page.click('mlsysim-calibrate .cal-clear');
  await page.waitForFunction(() => !/calm=/.test(location.hash));
  assert.equal((await sent(page)).calibration, undefined);
  assert.equal(await page.locator('mlsysim-calibrate .cal-change').isVisible(), false);
  assert.match(await page.locator('#notice').textContent(), /Calibration removed/);
  await context.close();

  const second = await openPage(ctx, `${W2}&calm=serving.itl_s&calv=20%20ms`);
  await settled(second.page);
  await second.page.fill('#batch', '16');
  await second.page.waitForFunction(() => /bs=16/.test(location.hash));
  assert.doesNotMatch(await second.page.evaluate(() => location.hash), /calm=|calv=/);
  assert.match(await second.page.locator('#notice').textContent(), /belongs to the inputs it was taken with/);
  assertClean(problems);
  assertClean(second.problems);
  await second.context.close();
});
