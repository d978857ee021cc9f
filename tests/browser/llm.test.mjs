// The LLM depth of the page in Debian chromium: serving panel, memory bar, per-operator table,
// pasted Hugging Face configs, tensor parallelism, the sweep worker (prompt-length chart, main
// thread responsive) and the quantization table. Numbers are compared with the engine in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, openPage, screenshot, nodeEngine, root } from './harness.mjs';
import { withDefaults } from '../../web/src/url-state.js';

let ctx;
let sim;
let llama2;

before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
  llama2 = await readFile(join(root, 'tests', 'browser', 'data', 'llama-2-7b-hf.config.json'), 'utf8');
});

after(async () => {
  await ctx?.close();
});

// Displays use 3 significant digits: relative error ≤ 5e-3.
const close = (a, b, digits = 3) => Math.abs(a - b) <= 0.5 * 10 ** (1 - digits) * 1.0001 * Math.abs(b) + 1e-300;
const TIME = { ns: 1e-9, 'µs': 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 };
function parseTime(text) {
  const m = text.trim().match(/^([\d.,]+)\s*(ns|µs|ms|s|min|h)$/);
  assert.ok(m, `not a time: '${text}'`);
  return Number(m[1].replace(/,/g, '')) * TIME[m[2]];
}
const BIN = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
function parseBytes(text) {
  const m = text.trim().match(/^([\d.,]+)\s*(B|KiB|MiB|GiB|TiB)$/);
  assert.ok(m, `not bytes: '${text}'`);
  return Number(m[1].replace(/,/g, '')) * BIN[m[2]];
}
const metricText = (page, panel, key) => page.locator(`${panel} [data-metric="${key}"] .value`).textContent();
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
const LLAMA = { ...withDefaults(), model: 'Llama3_8B', hardware: 'A100' };

test('Llama-3.1-8B on A100: serving panel, memory bar and operator table show the engine\'s numbers', async () => {
  const { page, problems, context, requests } = await openPage(ctx, '#s=1&model=Llama3_8B');
  const r = sim.solve(LLAMA);
  assert.ok(r.ok && r.serving, 'the engine returns a serving block for a decoder');
  const serving = page.getByRole('heading', { name: 'LLM serving' });
  assert.equal(await serving.isVisible(), true);
  const s = r.serving;
  assert.ok(close(parseTime(await metricText(page, 'mlsysim-serving', 'ttft')), s.ttft_s), 'TTFT');
  assert.ok(close(parseTime(await metricText(page, 'mlsysim-serving', 'itl')), s.itl_s), 'ITL');
  assert.ok(close(parseTime(await metricText(page, 'mlsysim-serving', 'request-latency')), s.request_latency_s), 'request latency');
  assert.equal(Number(await page.locator('mlsysim-serving [data-metric="ttft"] .value').getAttribute('data-value')), s.ttft_s);
  for (const [key, v] of [['tokens-system', s.tokens_per_s], ['tokens-gpu', s.tokens_per_s_per_gpu]]) {
    const t = await metricText(page, 'mlsysim-serving', key);
    assert.match(t, /tokens\/s$/);
    assert.ok(close(Number(t.replace(/[^\d.]/g, '')), v), `${key}: ${t}`);
  }
  assert.ok(close(parseBytes(await metricText(page, 'mlsysim-serving', 'kv-token')), s.kv_cache_bytes_per_token), 'KV per token');
  assert.ok(close(parseBytes(await metricText(page, 'mlsysim-serving', 'kv-seq')), s.kv_cache_bytes_per_seq), 'KV per request');
  assert.equal(await metricText(page, 'mlsysim-serving', 'max-batch'), String(s.max_batch));
  assert.match(await metricText(page, 'mlsysim-serving', 'kv-pressure'), /%$/);
  // The TTFT explanation is the engine's.
  const ex = r.explain.find((e) => e.quantity === 'serving.ttft_s');
  if (ex) {
    await page.locator('mlsysim-serving [data-metric="ttft"] details.explain summary').click();
    assert.ok((await page.locator('mlsysim-serving [data-metric="ttft"] details.explain').textContent()).includes(ex.equation));
  }

  // Memory: segments sum to the required bytes; capacity shown in binary units.
  const segs = await page.locator('mlsysim-memory .mem-seg').evaluateAll((gs) => gs.map((g) => [g.dataset.key, Number(g.dataset.bytes)]));
  const present = Object.entries(r.memory.breakdown).filter(([, v]) => v > 0).map(([k]) => k);
  assert.deepEqual(segs.map(([k]) => k).sort(), present.sort(), 'one segment per non-zero breakdown entry');
  const sum = segs.reduce((a, [, b]) => a + b, 0);
  assert.ok(Math.abs(sum - r.memory.required_bytes) <= 1e-9 * r.memory.required_bytes, `segments ${sum} vs required ${r.memory.required_bytes}`);
  const memText = await page.locator('mlsysim-memory').textContent();
  assert.match(memText, /of 80 GiB/);
  assert.match(memText, /fits/);
  assert.match(memText, new RegExp(`largest batch that fits: ${r.memory.max_batch}`));
  assert.match(await page.locator('mlsysim-memory svg > title').textContent(), /Memory per GPU/);

  // Operators: one row per operator, each marked memory- or compute-bound.
  const rows = await page.locator('mlsysim-operators tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.operator, tr.dataset.bound]));
  const perPhase = ['prefill', 'decode'].filter((k) => r.performance.phases?.[k]?.operators);
  const expected = perPhase.length ? perPhase.flatMap((k) => r.performance.phases[k].operators) : r.performance.operators;
  assert.deepEqual(rows, expected.map((o) => [o.name, o.bound]));
  assert.equal(await page.locator('mlsysim-operators table').count(), perPhase.length || 1);
  assert.ok(await page.getByRole('row', { name: /MLP/ }).first().isVisible());

  // Roofline: prefill and decode points, and the caption says how they were placed.
  assert.equal(await page.locator('mlsysim-roofline-chart .pt-phase').count(), 2);
  const note = await page.locator('mlsysim-roofline-chart .chart-note').textContent();
  if (r.performance.phases.prefill.flops === undefined) assert.match(note, /effective roof/);
  assert.ok(requests.every((u) => u.startsWith(ctx.url) || u.startsWith('data:')), 'only own files requested');
  await page.waitForFunction(() => document.body.dataset.sweepQuant === 'done');
  await screenshot(page, 'llama8b-a100');
  assertClean(problems);
  await context.close();
});

test('a pasted Llama-2-7B config.json gives a result, travels in the URL and reopens; a broken one names the field', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&hw=A100');
  await page.getByText('Paste a Hugging Face config.json').click();
  const box = page.getByLabel(/config.json of a decoder model/);
  await box.fill(llama2);
  await page.waitForFunction(() => /cfg=z\./.test(location.hash));
  const r = sim.solve({ ...withDefaults(), model: JSON.parse(llama2) });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(await page.locator('#model').inputValue(), '__cfg__');
  assert.ok(close(parseTime(await metricText(page, 'mlsysim-serving', 'ttft')), r.serving.ttft_s));
  assert.match(await page.locator('#cfg-status').textContent(), /6\.74 B parameters, 32 layers/);
  assert.equal(await page.locator('#llm-fields').isVisible(), true, 'prompt and output length shown for a pasted decoder');
  const hash = await page.evaluate(() => location.hash);
  assert.ok(hash.length < 700, `short link (${hash.length} characters)`);
  // The link reopens the same numbers.
  const again = await openPage(ctx, hash);
  assert.equal(await again.page.evaluate(() => document.body.dataset.state), 'ok');
  assert.equal(await again.page.locator('mlsysim-serving [data-metric="ttft"] .value').getAttribute('data-value'), String(r.serving.ttft_s));
  assert.equal(await again.page.locator('#cfg-box').getAttribute('open'), '');
  assertClean(again.problems);
  await again.context.close();

  // Missing hidden_size: the engine's field-by-field error, with its path, on the box.
  const broken = JSON.parse(llama2);
  delete broken.hidden_size;
  const rb = sim.solve({ ...withDefaults(), model: broken });
  assert.equal(rb.error.path, 'model.hidden_size');
  await box.fill(JSON.stringify(broken, null, 2));
  const alert = page.getByRole('alert');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const text = await alert.textContent();
  assert.ok(text.includes('model.hidden_size'), text);
  assert.ok(text.includes(rb.error.message), text);
  assert.equal(await box.getAttribute('aria-invalid'), 'true');
  const dim = await page.locator('mlsysim-serving').evaluate((e) => Number(getComputedStyle(e).opacity));
  assert.ok(dim < 1, 'the serving numbers of the last valid result are dimmed');
  await screenshot(page, 'cfg-error');
  // Not JSON at all: said locally, nothing sent, never evaluated.
  await box.fill('{"hidden_size": 4096,');
  assert.match(await page.locator('#cfg-status').textContent(), /Not valid JSON/);
  // Back to the catalog.
  await page.getByRole('button', { name: 'Back to the Model list' }).click();
  assert.doesNotMatch(await page.evaluate(() => location.hash), /cfg=/);
  assertClean(problems);
  await context.close();
});

test('tensor parallelism: tp goes in the URL and reaches the engine as cluster.tp', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B');
  await page.getByLabel(/Tensor-parallel GPUs/).selectOption('2');
  assert.match(await page.evaluate(() => location.hash), /&tp=2$/);
  assert.match(await page.locator('#scenario-json').textContent(), /"cluster":\{"tp":2\}/);
  const r = sim.solve({ ...LLAMA, cluster: { tp: 2 } });
  if (r.ok) {
    assert.ok(close(parseTime(await metricText(page, 'mlsysim-serving', 'ttft')), r.serving.ttft_s));
  } else {
    // This engine models one GPU: its message names cluster.tp, on the tp input.
    const text = await page.getByRole('alert').textContent();
    assert.equal(r.error.path, 'cluster.tp');
    assert.ok(text.includes(r.error.message), text);
    assert.equal(await page.locator('#tp').getAttribute('aria-invalid'), 'true');
  }
  await page.getByLabel(/Tensor-parallel GPUs/).selectOption('1');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /tp=/);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ok');
  // A shared tp link opens with the select set.
  const shared = await openPage(ctx, '#s=1&model=Llama3_8B&tp=4');
  assert.equal(await shared.page.locator('#tp').inputValue(), '4');
  assertClean(shared.problems);
  await shared.context.close();
  assertClean(problems);
  await context.close();
});

test('the sweep worker fills the prompt-length chart and follows the prompt; the main thread stays responsive', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B');
  await page.waitForFunction(() => document.body.dataset.sweepPrompt === 'done');
  const points = () => page.locator('#prompt-chart .panel-ttft_s .pt-sweep').evaluateAll((gs) => gs.map((g) => [Number(g.dataset.x), Number(g.dataset.value)]));
  const first = await points();
  assert.ok(first.length >= 9, `prompt points: ${first.length}`);
  for (const [x, v] of first.filter(([x]) => x === 512 || x === 8192)) {
    const r = sim.solve({ ...LLAMA, seq_len: x });
    assert.ok(Math.abs(v - r.serving.ttft_s) <= 1e-12 * r.serving.ttft_s, `TTFT at prompt ${x}`);
  }
  // A new prompt length: the chart's current point moves there and a point is computed for it.
  await page.evaluate(() => { delete document.body.dataset.sweepPrompt; });
  await page.getByLabel(/Sequence length/).fill('3000');
  await page.waitForFunction(() => document.body.dataset.sweepPrompt === 'done');
  assert.equal(await page.locator('#prompt-chart .panel-ttft_s .pt-current').getAttribute('data-x'), '3000');
  assert.ok((await points()).some(([x]) => x === 3000));
  assert.match(await page.locator('#prompt-chart svg > desc').textContent(), /prompt 3000/);

  // Responsiveness: a long sweep in a worker; a click during it is handled before the sweep ends.
  const result = await page.evaluate(async () => {
    const { SweepClient } = await import('./src/sweep-client.js');
    const client = new SweepClient();
    await client.ready;
    const values = Array.from({ length: 300 }, (_, i) => 128 + 64 * i);
    let progressAtClick = -1;
    let progress = 0;
    let clickedAt = 0;
    const button = document.querySelector('#batch-up');
    const before = document.querySelector('#batch').value;
    button.addEventListener('click', () => { clickedAt = performance.now(); progressAtClick = progress; }, { once: true });
    const scenario = { schema: 1, model: 'Llama3_8B', hardware: 'A100' };
    const done = client.request('test', scenario, 'seq_len', values, (m) => {
      progress = m.done;
      if (m.done === 5) button.click();
    });
    // And a superseded request on the same channel ends as cancelled.
    const res = await done;
    const after = document.querySelector('#batch').value;
    const endedAt = performance.now();
    const stale = client.request('test2', scenario, 'seq_len', values, () => {});
    const fresh = client.request('test2', scenario, 'seq_len', [512], () => {});
    const [s, f] = await Promise.all([stale, fresh]);
    client.terminate();
    return { n: res.points?.length, progressAtClick, total: values.length, clickedAt, endedAt, before, after, staleCancelled: !!s.cancelled, freshN: f.points?.length };
  });
  assert.equal(result.n, 300);
  assert.ok(result.progressAtClick >= 5 && result.progressAtClick < result.total, `click handled mid-sweep (at ${result.progressAtClick}/${result.total})`);
  assert.ok(result.clickedAt < result.endedAt);
  assert.equal(Number(result.after), 2 * Number(result.before), 'the click doubled the batch');
  assert.equal(result.staleCancelled, true, 'a superseded request is cancelled');
  assert.equal(result.freshN, 1);
  assertClean(problems);
  await context.close();
});

test('quantization table: five precisions against the 16-bit baseline; ones the device lacks say so', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B');
  await page.waitForFunction(() => document.body.dataset.sweepQuant === 'done');
  const rows = await page.locator('mlsysim-quant tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.precision));
  assert.deepEqual(rows, ['bf16', 'fp8', 'int8', 'int4', 'fp4']);
  const r8 = sim.solve({ ...LLAMA, precision: 'int8' });
  const cell = (p, k) => page.locator(`mlsysim-quant tr[data-precision="${p}"] td[data-key="${k}"]`);
  assert.equal(Number(await cell('int8', 'itl_s').getAttribute('data-value')), r8.serving.itl_s);
  assert.equal(Number(await cell('int8', 'weights_bytes').getAttribute('data-value')), r8.memory.breakdown.weights);
  const rb = sim.solve({ ...LLAMA, precision: 'bf16' });
  const ratio = (await cell('int8', 'weights_bytes').textContent()).match(/×([\d.]+)/)[1];
  assert.ok(close(Number(ratio), r8.memory.breakdown.weights / rb.memory.breakdown.weights, 2), `weight ratio ${ratio}`);
  // The accuracy cost is the engine's labelled prior, with its source, never a prediction.
  const prior = r8.quantization.accuracy_prior;
  const int8Row = await page.locator('mlsysim-quant tr[data-precision="int8"]').textContent();
  assert.match(int8Row, /prior, not a prediction/);
  assert.ok(int8Row.includes(prior.sources[0]), `the int8 row cites ${prior.sources[0]}`);
  assert.doesNotMatch(await page.locator('mlsysim-quant tr[data-precision="bf16"]').textContent(), /prior/);
  // A device without int4: the row says it cannot run, with the engine's message.
  const cpu = await openPage(ctx, '#s=1&model=Llama3_8B&hw=ReferenceCPU&prec=fp32');
  await cpu.page.waitForFunction(() => document.body.dataset.sweepQuant === 'done');
  const ri4 = sim.solve({ ...LLAMA, hardware: 'ReferenceCPU', precision: 'int4' });
  assert.equal(ri4.ok, false);
  const row = cpu.page.locator('mlsysim-quant tr[data-precision="int4"]');
  assert.match(await row.textContent(), /cannot run on this device/);
  assert.ok((await row.textContent()).includes(ri4.error.message));
  assert.deepEqual(await cpu.page.locator('mlsysim-quant tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.precision)), ['fp32', 'fp8', 'int8', 'int4', 'fp4']);
  await screenshot(cpu.page, 'quant-reference-cpu');
  assertClean(cpu.problems);
  await cpu.context.close();
  assertClean(problems);
  await context.close();
});

test('narrow and dark: the LLM panels render without overflow', async () => {
  for (const [name, opts] of [['llama8b-narrow', { viewport: { width: 390, height: 900 } }], ['llama8b-dark', { colorScheme: 'dark' }]]) {
    const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B&bs=8&seq=4096', opts);
    await page.waitForFunction(() => document.body.dataset.sweepQuant === 'done' && document.body.dataset.sweepPrompt === 'done');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name}: page wider than the viewport by ${overflow}px`);
    await screenshot(page, name);
    assertClean(problems);
    await context.close();
  }
});

test('training mode shows the step-time verdict and the per-GPU training memory, with no page errors', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama2_7B&mode=training');
  const r = sim.solve({ schema: 1, model: 'Llama2_7B', hardware: 'A100', mode: 'training', precision: 'fp16', batch_size: 1 });
  assert.equal(r.ok, true);
  assert.equal(r.performance.scope, 'step');
  const verdict = await page.locator('mlsysim-roofline [data-metric="bottleneck"]').textContent();
  assert.match(verdict, /-bound/);
  assert.match(await page.locator('mlsysim-memory').textContent(), /does not fit/);
  await screenshot(page, 'training-single-gpu');
  assertClean(problems);
  await context.close();
});
