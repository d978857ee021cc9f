// The page end to end in Debian chromium: load, change inputs, numbers and charts follow the engine,
// shared and bad URLs, no console errors, no requests leaving localhost. Screenshots go to
// build/screenshots/ for a human to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine, fixtures, isFakeBuild } from './harness.mjs';
import { serialize, withDefaults } from '../../web/src/url-state.js';

let ctx;
let sim;

before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
  if (await isFakeBuild()) console.log('# NOTE: build/web uses the FAKE engine (built with --fake)');
});

after(async () => {
  await ctx?.close();
});

// Displays use 3 significant digits (2 for percentages under 10 %): relative error ≤ 5e-3 (5e-2).
function close(actual, expected, digits = 3) {
  const tol = 0.5 * 10 ** (1 - digits) * 1.0001;
  return Math.abs(actual - expected) <= tol * Math.abs(expected) + 1e-300;
}

const TIME = { ns: 1e-9, 'µs': 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 };
function parseTime(text) {
  const m = text.trim().match(/^([\d.,]+)\s*(ns|µs|ms|s|min|h)$/);
  assert.ok(m, `not a time: '${text}'`);
  return Number(m[1].replace(/,/g, '')) * TIME[m[2]];
}
function parseNumberPrefix(text) {
  const m = text.trim().replace(/,/g, '').match(/^([\d.]+)\s*([kMGTPE])?\s/);
  assert.ok(m, `not a number: '${text}'`);
  const pre = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return Number(m[1]) * (m[2] ? pre[m[2]] : 1);
}

/** What the panel shows: text and data-value of each metric. */
async function shown(page) {
  return page.evaluate(() => {
    const get = (key) => {
      const v = document.querySelector(`mlsysim-roofline [data-metric="${key}"] .value`);
      return v ? { text: v.textContent, value: v.dataset.value } : null;
    };
    return {
      bottleneck: get('bottleneck'),
      latency: get('latency'),
      throughput: get('throughput'),
      mfu: get('mfu'),
      memory: get('memory'),
      intensity: get('intensity'),
      fraction: document.querySelector('mlsysim-roofline .fraction')?.textContent,
      hash: location.hash,
      alert: document.querySelector('[role="alert"]:not([hidden])')?.textContent ?? null,
      state: document.body.dataset.state,
    };
  });
}

function assertMatchesResult(s, r) {
  const p = r.performance;
  assert.equal(s.bottleneck.value, p.bottleneck);
  assert.match(s.bottleneck.text, new RegExp(`^${p.bottleneck}-bound$`, 'i'));
  assert.equal(Number(s.latency.value), p.latency_s, 'latency data-value is the engine number');
  assert.ok(close(parseTime(s.latency.text), p.latency_s), `latency shown ${s.latency.text} vs ${p.latency_s}`);
  assert.ok(close(parseNumberPrefix(s.throughput.text), p.throughput_per_s), `throughput ${s.throughput.text} vs ${p.throughput_per_s}`);
  assert.ok(s.throughput.text.endsWith(p.throughput_unit), `throughput unit in '${s.throughput.text}'`);
  const mfu = Number(s.mfu.text.replace('%', '')) / 100;
  assert.ok(close(mfu, p.mfu, p.mfu < 0.1 ? 2 : 3), `mfu ${s.mfu.text} vs ${p.mfu}`);
  assert.ok(close(parseNumberPrefix(s.intensity.text), p.arithmetic_intensity), `intensity ${s.intensity.text}`);
  const [used, cap] = s.memory.text.split('/').map((t) => Number(t.replace(/[^\d.]/g, '')) * 2 ** 30);
  assert.ok(close(used, r.memory.required_bytes), `memory used ${s.memory.text}`);
  assert.ok(close(cap, r.memory.capacity_bytes), `memory capacity ${s.memory.text}`);
}

async function chartState(page) {
  return page.evaluate(() => {
    const roof = document.querySelector('mlsysim-roofline-chart svg');
    const w = roof.querySelector('.pt-workload circle.core');
    return {
      workload: w ? [Number(w.getAttribute('cx')), Number(w.getAttribute('cy'))] : null,
      sweep: roof.querySelectorAll('.pt-sweep').length,
      hollow: roof.querySelectorAll('.pt-sweep.no-fit').length,
      batchSweep: document.querySelectorAll('mlsysim-batch-chart .panel-latency_s .pt-sweep').length,
      // The two charts every workload has (decoders add latency charts, drawn by the sweep worker).
      titles: [...document.querySelectorAll(':is(mlsysim-roofline-chart, mlsysim-batch-chart) svg.chart > title')].map((t) => t.textContent),
      descs: [...document.querySelectorAll(':is(mlsysim-roofline-chart, mlsysim-batch-chart) svg.chart > desc')].map((t) => t.textContent),
      tables: [...document.querySelectorAll(':is(mlsysim-roofline-chart, mlsysim-batch-chart) .visually-hidden table caption')].map((c) => c.textContent),
    };
  });
}

function assertClean(problems) {
  assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
}

test('defaults: ResNet-50 on A100 at batch 1 is memory-bound, numbers equal the engine', async () => {
  const { page, problems, requests, context } = await openPage(ctx, '');
  const s = await shown(page);
  assert.equal(s.state, 'ok');
  const r = sim.solve(withDefaults());
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.performance.bottleneck, 'memory');
  assertMatchesResult(s, r);
  assert.equal(s.hash, '#s=1');
  assert.equal(await page.locator('#model').inputValue(), 'ResNet50');
  assert.equal(await page.locator('#hardware').inputValue(), 'A100');
  assert.equal(await page.locator('#precision').inputValue(), 'fp16');
  assert.equal(await page.locator('#batch').inputValue(), '1');
  const marks = await page.evaluate(() => performance.getEntriesByName('mlsysim:first-result').length);
  assert.equal(marks, 1, 'performance mark mlsysim:first-result');
  const c = await chartState(page);
  assert.equal(c.sweep, r.performance.sweep.length, 'one roofline point per swept batch');
  assert.equal(c.batchSweep, r.performance.sweep.length);
  assert.equal(c.titles.length, 2);
  assert.ok(c.descs.every((d) => d.length > 40), 'charts have a description');
  assert.equal(c.tables.length, 2, 'each chart has a hidden data table');
  // Explain: the latency disclosure shows the equation, inputs with units, and sources.
  const latencyExplain = page.locator('[data-metric="latency"] details.explain');
  await latencyExplain.locator('summary').click();
  const text = await latencyExplain.textContent();
  const ex = r.explain.find((e) => e.quantity === 'performance.latency_s');
  if (ex) {
    assert.ok(text.includes(ex.equation), 'equation shown');
    for (const k of Object.keys(ex.inputs)) assert.ok(text.includes(k), `input ${k} shown`);
    for (const v of Object.values(ex.sources ?? {})) assert.ok(text.includes(v), `source ${v} shown`);
  }
  // Warnings are on the page.
  for (const w of r.warnings) assert.ok((await page.locator('mlsysim-roofline').textContent()).includes(w.replace(/^[A-Z_]+:\s*/, '')), `warning shown: ${w}`);
  assert.ok(requests.every((u) => u.startsWith(ctx.url) || u.startsWith('data:')), 'only own files requested');
  await screenshot(page, 'default-light');
  assertClean(problems);
  await context.close();
});

test('raising the batch flips ResNet-50/A100 fp16 to compute-bound between 8 and 32; charts and URL follow', async () => {
  const { page, problems, context } = await openPage(ctx, '');
  const before = await chartState(page);
  let flip = null;
  for (let i = 0; i < 12; i++) {
    await page.locator('#batch-up').click();
    const s = await shown(page);
    const bs = Number(await page.locator('#batch').inputValue());
    assert.equal(s.hash, serialize({ ...withDefaults(), batch_size: bs }), 'URL hash follows the batch');
    if (s.bottleneck.value === 'compute') { flip = bs; break; }
  }
  assert.ok(flip !== null, 'bottleneck flipped to compute');
  assert.ok(flip > 8 && flip <= 32, `flip at batch ${flip}`);
  const after = await chartState(page);
  assert.notDeepEqual(after.workload, before.workload, 'the workload point moved');
  const r = sim.solve({ ...withDefaults(), batch_size: flip });
  assertMatchesResult(await shown(page), r);
  assert.equal(after.sweep, r.performance.sweep.length);
  // The current batch is highlighted in the batch chart.
  assert.equal(await page.locator(`mlsysim-batch-chart .pt-sweep.is-current[data-batch="${flip}"]`).count(), 2);
  // Typing a batch updates everything at once, the slider included.
  await page.locator('#batch').fill('256');
  const s256 = await shown(page);
  assertMatchesResult(s256, sim.solve({ ...withDefaults(), batch_size: 256 }));
  assert.equal(s256.hash, '#s=1&bs=256');
  assert.equal(await page.locator('#batch-slider').inputValue(), '8');
  await screenshot(page, 'batch-256');
  // Keyboard: focusing the run's point shows its tooltip.
  await page.locator('mlsysim-roofline-chart .pt-workload').focus();
  const tip = page.locator('mlsysim-roofline-chart .tooltip');
  assert.equal(await tip.isVisible(), true);
  assert.match(await tip.textContent(), /This run/);
  await screenshot(page, 'tooltip');
  assertClean(problems);
  await context.close();
});

test('a shared URL opens the same scenario with the same numbers as solving it', async () => {
  const hash = '#s=1&model=Llama3_70B&hw=H100&bs=32&prec=bf16';
  const { page, problems, context } = await openPage(ctx, hash, { viewport: { width: 390, height: 900 } });
  const scenario = { ...withDefaults(), model: 'Llama3_70B', hardware: 'H100', batch_size: 32, precision: 'bf16' };
  const r = sim.solve(scenario);
  assert.ok(r.ok, JSON.stringify(r.error));
  const s = await shown(page);
  assert.equal(s.state, 'ok');
  assertMatchesResult(s, r);
  assert.equal(s.hash, hash);
  assert.equal(await page.locator('#model').inputValue(), 'Llama3_70B');
  assert.equal(await page.locator('#hardware').inputValue(), 'H100');
  assert.equal(await page.locator('#batch').inputValue(), '32');
  assert.equal(await page.locator('#precision').inputValue(), 'bf16');
  assert.equal(await page.locator('#llm-fields').isVisible(), true, 'LLM fields shown for a decoder');
  assert.equal(await page.locator('#seq').inputValue(), '2048');
  // Reload reproduces it.
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.state);
  assert.deepEqual((await shown(page)).latency, s.latency);
  await screenshot(page, 'shared-llama-narrow');
  // A wide dark rendering of the same link, for the eye.
  const dark = await openPage(ctx, hash, { colorScheme: 'dark' });
  await screenshot(dark.page, 'shared-llama-dark');
  assertClean(dark.problems);
  await dark.context.close();
  assertClean(problems);
  await context.close();
});

test('a bad URL shows an alert naming each field; the inputs stay usable', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=NoSuchModel&bs=0');
  const alert = page.locator('[role="alert"]');
  assert.equal(await alert.isVisible(), true);
  const text1 = await alert.textContent();
  const r1 = sim.solve({ ...withDefaults(), model: 'NoSuchModel', batch_size: 0 });
  assert.equal(r1.ok, false);
  assert.ok(text1.includes(r1.error.path), `alert names the field: ${text1}`);
  assert.ok(text1.includes(r1.error.message), `alert carries the engine message: ${text1}`);
  // Both problems are reported at once: the unknown name with the engine's suggestions, and batch 0.
  const rModel = sim.solve({ schema: 1, model: 'NoSuchModel', hardware: 'A100' });
  assert.equal(rModel.error.path, 'model');
  assert.ok(text1.includes(rModel.error.message), `unknown model message with suggestions: ${text1}`);
  assert.match(text1, /batch_size/);
  assert.match(text1, /NoSuchModel/);
  assert.equal(await page.locator('#model').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#batch').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('#controls').isVisible(), 'inputs still on the page');
  assert.equal(await page.locator('mlsysim-roofline').isVisible(), true, 'the result panel is still there');
  await screenshot(page, 'bad-url');
  // Fix the model: batch 0 is still reported; fixing it too shows a result.
  await page.locator('#model').selectOption('ResNet50');
  const text2 = await alert.textContent();
  assert.match(text2, /batch_size/);
  assert.doesNotMatch(text2, /NoSuchModel/);
  await page.locator('#batch').fill('4');
  assert.equal(await alert.isVisible(), false);
  const s = await shown(page);
  assert.equal(s.state, 'ok');
  assertMatchesResult(s, sim.solve({ ...withDefaults(), batch_size: 4 }));
  assert.equal(s.hash, '#s=1&bs=4');
  // A bad value typed after a good result keeps the last result, dimmed, beside the alert.
  await page.locator('#batch').fill('0');
  assert.equal(await alert.isVisible(), true);
  assert.equal(await page.locator('mlsysim-roofline[stale]').count(), 1);
  assert.equal((await shown(page)).latency.value, s.latency.value);
  await screenshot(page, 'stale-result');
  assertClean(problems);
  await context.close();
});

test('an unknown device name answers with the engine\'s suggestions', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&hw=A10');
  const r = sim.solve({ ...withDefaults(), hardware: 'A10' });
  assert.equal(r.error.path, 'hardware');
  const text = await page.locator('[role="alert"]').textContent();
  assert.ok(text.includes(r.error.message), text);
  assert.match(text, /Device/);
  assertClean(problems);
  await context.close();
});

test('malformed and unknown URL parameters are reported, the rest of the page works', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&bs=abc&foo=1&hw=A100');
  const alertText = await page.locator('[role="alert"]').textContent();
  assert.match(alertText, /'bs'/);
  assert.match(alertText, /'foo'/);
  const s = await shown(page);
  assert.equal(s.state, 'ok');
  assertMatchesResult(s, sim.solve(withDefaults()));
  assertClean(problems);
  await context.close();
});

test('a precision the device lacks is an error naming the valid choices, or a documented fallback warning', async () => {
  const cat = sim.catalog();
  const dev = cat.hardware.find((d) => d.precisions.length && !d.precisions.includes('fp16'));
  assert.ok(dev, 'some device lacks fp16');
  const { page, problems, context } = await openPage(ctx, `#s=1&hw=${dev.name}&prec=fp16`);
  const r = sim.solve({ ...withDefaults(), hardware: dev.name, precision: 'fp16' });
  if (r.ok) {
    const warn = r.warnings.find((w) => /precision/i.test(w));
    assert.ok(warn, 'a substitute precision carries a warning');
    assert.ok((await page.locator('mlsysim-roofline').textContent()).includes(warn.replace(/^[A-Z_]+:\s*/, '')));
  } else {
    const text = await page.locator('[role="alert"]').textContent();
    assert.equal(r.error.path, 'precision');
    assert.ok(text.includes(r.error.message), text);
    for (const p of dev.precisions) assert.ok(text.includes(p), `valid choice ${p} named: ${text}`);
    assert.equal(await page.locator('#precision').getAttribute('aria-invalid'), 'true');
  }
  // The disabled options are the ones the device does not list.
  const disabled = await page.locator('#precision option:disabled').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(disabled, cat.precisions.filter((p) => !dev.precisions.includes(p)));
  assertClean(problems);
  await context.close();
});

test('a fallback precision the engine accepts shows its warning beside the verdict', async () => {
  const cat = sim.catalog();
  const dev = cat.hardware.find((d) => d.name === 'A100');
  const native = Object.keys(dev.precision_flops ?? {});
  const fallback = dev.precisions.find((p) => native.length && !native.includes(p));
  if (!fallback) return; // this engine lists only native precisions
  const r = sim.solve({ ...withDefaults(), precision: fallback });
  const { page, problems, context } = await openPage(ctx, `#s=1&prec=${fallback}`);
  assert.ok(r.ok);
  const verdict = await page.locator('mlsysim-roofline .verdict').textContent();
  for (const w of r.warnings.filter((x) => x.startsWith('PRECISION_FALLBACK'))) assert.ok(verdict.includes(w.replace(/^[A-Z_]+:\s*/, '')), verdict);
  assert.match(await page.locator(`#precision option[value="${fallback}"]`).textContent(), /fallback/);
  assertClean(problems);
  await context.close();
});

test('changing the device to one without the current precision switches it and says so', async () => {
  const cat = sim.catalog();
  const target = cat.hardware.find((d) => d.precisions.length && !d.precisions.includes('fp16'));
  assert.ok(target, 'some device lacks fp16');
  const { page, problems, context } = await openPage(ctx, '');
  await page.locator('#hardware').selectOption(target.name);
  const prec = await page.locator('#precision').inputValue();
  assert.ok(target.precisions.includes(prec));
  assert.match(await page.locator('#notice').textContent(), /switched/);
  assert.equal((await shown(page)).hash, serialize({ ...withDefaults(), hardware: target.name, precision: prec }));
  assertClean(problems);
  await context.close();
});

test('fixtures: the page shows the latency of each expressible fixture scenario', async (t) => {
  const list = (await fixtures()).filter(({ scenario }) =>
    typeof scenario.model === 'string' && typeof scenario.hardware === 'string' &&
    Object.keys(scenario).every((k) => ['schema', 'model', 'hardware', 'mode', 'precision', 'batch_size', 'seq_len', 'output_len'].includes(k)));
  if (!list.length) {
    t.skip('no URL-expressible fixtures in tests/fixtures yet');
    return;
  }
  for (const f of list) {
    const hash = serialize({ ...withDefaults(), ...f.scenario });
    const { page, problems, context } = await openPage(ctx, hash);
    const s = await shown(page);
    const expected = f.expected?.performance?.latency_s;
    if (expected !== undefined) {
      assert.ok(close(parseTime(s.latency.text), expected), `${f.name}: latency ${s.latency.text} vs ${expected}`);
    }
    if (f.expected?.performance?.bottleneck) assert.equal(s.bottleneck.value, f.expected.performance.bottleneck, f.name);
    assertClean(problems);
    await context.close();
  }
});
