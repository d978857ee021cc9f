// The fleet page's remaining gaps: the §I reliability inputs (component MTBFs, restart time,
// checkpoint storage bandwidth and interval) with unit strings, the engine's message at the field
// and URL keys; the layout search table readable at 390 px; and the layout errors' "nearest valid"
// suggestions shown at their field. Numbers are compared with the same engine in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine } from './harness.mjs';
import { parse } from '../../web/src/url-state.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const W3_HASH = '#s=1&model=Llama3_70B&hw=H100&bs=1024&prec=bf16&seq=8192&mode=training&tp=8&gpus=1024&pp=4&zero=1&rc=selective&fabric=InfiniBand_NDR&tokens=15000000000000&days=120';
const sentScenario = async (page) => JSON.parse(await page.locator('#scenario-json').textContent());
const value = (page, panel, key) => page.locator(`${panel} [data-metric="${key}"] .value`).getAttribute('data-value').then(Number);
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');

test('reliability URL keys are readable, only written when set, and round-trip', () => {
  const { scenario, errors } = parse(`${W3_HASH}&mtbf_gpu=9%20years&restart=420&ckpt_bw=2%20GB%2Fs&ckpt_every=2%20h&ckpt_bpp=16`);
  assert.deepEqual(errors, []);
  assert.equal(scenario.gpu_mtbf, '9 years');
  assert.equal(scenario.restart, '420');
  assert.equal(scenario.storage_bw, '2 GB/s');
  assert.equal(scenario.checkpoint_bytes_per_param, 16);
  assert.equal(parse('#s=1&mtbf_gpu=').errors[0].param, 'mtbf_gpu');
});

test('reliability inputs: unit strings reach the engine, numbers match it, hints say what it used, the link keeps them', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  const box = page.locator('#fleet-rel');
  assert.equal(await box.evaluate((d) => d.open), false, 'collapsed until used');
  await box.locator('summary').click();
  const r0 = sim.solve(await sentScenario(page));
  const mtbf0 = r0.explain.find((e) => e.quantity === 'reliability.fleet_mtbf_s').inputs.gpu_mtbf_h;
  assert.match(await page.locator('#t-mtbf-gpu-hint').textContent(), new RegExp(`^engine: ${mtbf0.toLocaleString('en-US')} h`));
  assert.match(await page.locator('#t-restart-hint').textContent(), /^engine: /);
  assert.match(await page.locator('#t-ckpt-every-hint').textContent(), /the Young–Daly optimum/);
  await screenshot(page, 'fleet-reliability-inputs');

  await page.getByLabel(/GPU MTBF/).fill('9 years');
  await page.getByLabel(/Restart time/).fill('7 min');
  await page.getByLabel(/Checkpoint storage bandwidth/).fill('2 GB/s');
  await page.waitForFunction(() => /ckpt_bw=/.test(location.hash));
  const sent = await sentScenario(page);
  assert.deepEqual(sent.reliability, { gpu_mtbf_h: '9 years', restart_s: '7 min', storage_bw_per_node_Bps: '2 GB/s' });
  const r = sim.solve(sent);
  assert.equal(r.ok, true);
  const numbers = sim.solve({ ...sent, reliability: { gpu_mtbf_h: 78840, restart_s: 420, storage_bw_per_node_Bps: 2e9 } });
  for (const [key, field] of [['fleet-mtbf', 'fleet_mtbf_s'], ['checkpoint-write', 'checkpoint_write_s'], ['restart', 'restart_s'], ['goodput', 'goodput']]) {
    const v = await value(page, 'mlsysim-reliability', key);
    assert.equal(v, r.reliability[field], key);
    assert.ok(Math.abs(v - numbers.reliability[field]) <= 1e-12 * Math.abs(v), `${key}: the same as the numbers in the key's unit`);
  }
  assert.notEqual(r.reliability.fleet_mtbf_s, r0.reliability.fleet_mtbf_s);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /&mtbf_gpu=9%20years&restart=7%20min&ckpt_bw=2%20GB%2Fs/);
  assert.equal(await page.locator('#t-mtbf-gpu-hint').textContent(), '', 'a set field has no default hint');

  // A bare number is in the key's unit; the link reopens with the same inputs and numbers.
  await page.getByLabel(/Checkpoint interval/).fill('3600');
  await page.waitForFunction(() => /ckpt_every=3600/.test(location.hash));
  assert.equal((await sentScenario(page)).reliability.checkpoint_interval_s, 3600);
  const shared = await page.evaluate(() => location.hash);
  const again = await openPage(ctx, shared);
  assert.equal(await again.page.locator('#fleet-rel').evaluate((d) => d.open), true, 'opened: the link sets some');
  assert.equal(await again.page.locator('#t-mtbf-gpu').inputValue(), '9 years');
  assert.equal(await again.page.locator('#t-ckpt-every').inputValue(), '3600');
  assert.equal(await value(again.page, 'mlsysim-reliability', 'interval'), 3600);
  assert.equal(await value(again.page, 'mlsysim-reliability', 'goodput'), sim.solve(await sentScenario(page)).reliability.goodput);
  for (const [name, opts] of [['390', { viewport: { width: 390, height: 900 } }], ['dark', { colorScheme: 'dark' }]]) {
    const v = await openPage(ctx, shared, opts);
    await v.page.locator('#fleet-rel').scrollIntoViewIfNeeded();
    await screenshot(v.page, `fleet-reliability-inputs-${name}`);
    assertClean(v.problems);
    await v.context.close();
  }
  assertClean(again.problems);
  await again.context.close();

  // Wrong dimension: the engine's message sits at the field, which is marked invalid.
  await page.getByLabel(/GPU MTBF/).fill('5 GB');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const bad = sim.solve(await sentScenario(page));
  assert.equal(bad.error.path, 'reliability.gpu_mtbf_h');
  const err = page.locator('#t-mtbf-gpu-error');
  assert.equal(await err.isVisible(), true);
  assert.equal(await err.textContent(), `reliability.gpu_mtbf_h: ${bad.error.message}`);
  assert.match(bad.error.message, /expected s \(got '5 GB'\)/);
  assert.equal(await page.locator('#t-mtbf-gpu').getAttribute('aria-invalid'), 'true');
  assert.ok((await page.getByRole('alert').textContent()).includes('GPU MTBF'), 'the alert names the field');
  await screenshot(page, 'fleet-reliability-bad-unit');
  await page.getByLabel(/GPU MTBF/).fill('');
  await page.waitForFunction(() => document.body.dataset.state === 'ok');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /mtbf_gpu/);
  assertClean(problems);
  await context.close();
});

test('a layout error at its field proposes the nearest valid value, and taking it works', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  await page.getByLabel('Microbatches', { exact: true }).fill('30');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const r = sim.solve(await sentScenario(page));
  assert.equal(r.error.path, 'cluster.microbatches');
  assert.match(r.error.message, /nearest valid microbatches: 16 or 32$/);
  assert.ok((await page.locator('#t-mb-error').textContent()).includes(r.error.message));
  await screenshot(page, 'fleet-layout-suggestion');
  await page.getByLabel('Microbatches', { exact: true }).fill('32');
  await page.waitForFunction(() => document.body.dataset.state === 'ok');
  await page.getByLabel('Tensor (tp)').fill('3');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const rt = sim.solve(await sentScenario(page));
  assert.match(rt.error.message, /nearest valid gpus: /, 'tp=3 with 1024 GPUs breaks the GPU count first, and says which counts work');
  assert.ok((await page.locator('#t-gpus-error').textContent()).includes(rt.error.message));
  assertClean(problems);
  await context.close();
});

test('the layout search is readable at 390 px: one block per layout, nothing scrolls sideways', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH, { viewport: { width: 390, height: 900 } });
  await page.getByRole('button', { name: 'Search all layouts' }).click();
  await page.waitForFunction(() => document.body.dataset.search === 'done', null, { timeout: 60000 });
  const rows = page.locator('mlsysim-search tbody tr');
  assert.ok(await rows.count() >= 1);
  const layout = await page.locator('mlsysim-search').evaluate((el) => {
    const wrap = el.querySelector('.table-wrap');
    const tr = el.querySelector('tbody tr');
    const label = getComputedStyle(tr.querySelector('td[data-key="tp"]'), '::before').content;
    return { over: wrap.scrollWidth - wrap.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      rowDisplay: getComputedStyle(tr).display, label, headHidden: el.querySelector('thead').getBoundingClientRect().width <= 1,
      width: tr.getBoundingClientRect().width, viewport: document.documentElement.clientWidth };
  });
  assert.equal(layout.over, 0, 'the table does not scroll sideways');
  assert.ok(layout.page <= 0, 'nor does the page');
  assert.equal(layout.rowDisplay, 'grid', 'each layout is a block');
  assert.equal(layout.label, '"tp"', 'each value carries its column name');
  assert.ok(layout.headHidden, 'the header row is left to screen readers');
  assert.ok(layout.width <= layout.viewport);
  await page.locator('mlsysim-search').scrollIntoViewIfNeeded();
  await page.locator('mlsysim-search').screenshot({ path: (await screenshot(page, 'fleet-search-390')).replace('.png', '-panel.png') });
  const dark = await openPage(ctx, W3_HASH, { viewport: { width: 390, height: 900 }, colorScheme: 'dark' });
  await dark.page.getByRole('button', { name: 'Search all layouts' }).click();
  await dark.page.waitForFunction(() => document.body.dataset.search === 'done', null, { timeout: 60000 });
  await dark.page.locator('mlsysim-search').screenshot({ path: (await screenshot(dark.page, 'fleet-search-390-dark')).replace('.png', '-panel.png') });
  assertClean(dark.problems);
  await dark.context.close();
  // Desktop keeps the table.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await rows.first().evaluate((tr) => getComputedStyle(tr).display), 'table-row');
  assertClean(problems);
  await context.close();
});
