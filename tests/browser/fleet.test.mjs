// Training mode of the page in Debian chromium (issue 3/6): the W3 scenario by URL (step time,
// tokens/s, MFU as the engine computes them), the engine's error at the field for a bad layout, the
// scaling chart filled from the sweep worker without blocking the page, the layout search and
// applying a row, the reliability panel and goodput chart, and the collectives calculator.
// Numbers are compared with the same engine in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, openPage, screenshot, nodeEngine, root } from './harness.mjs';
import { parse, serialize } from '../../web/src/url-state.js';

let ctx;
let sim;
let W3;

// The W3 fixture (MODELS.md appendix) as a page link: only non-default values, readable keys.
const W3_HASH = '#s=1&model=Llama3_70B&hw=H100&bs=1024&prec=bf16&seq=8192&mode=training&tp=8&gpus=1024&pp=4&zero=1&rc=selective&fabric=InfiniBand_NDR&tokens=15000000000000&days=120';

before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
  W3 = JSON.parse(await readFile(join(root, 'tests', 'fixtures', 'training_w3_llama31_70b_1024_h100.json'), 'utf8'));
});

after(async () => {
  await ctx?.close();
});

const close = (a, b, digits = 3) => Math.abs(a - b) <= 0.5 * 10 ** (1 - digits) * 1.0001 * Math.abs(b) + 1e-300;
const TIME = { ns: 1e-9, 'µs': 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 };
function parseTime(text) {
  const m = text.trim().match(/^([\d.,]+)\s*(ns|µs|ms|s|min|h)$/);
  assert.ok(m, `not a time: '${text}'`);
  return Number(m[1].replace(/,/g, '')) * TIME[m[2]];
}
const parseNum = (text) => Number(text.replace(/[^\d.]/g, ''));
const metricOf = (page, panel, key) => page.locator(`${panel} [data-metric="${key}"] .value`);
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
const sentScenario = async (page) => JSON.parse(await page.locator('#scenario-json').textContent());

test('the fleet URL keys are readable, only non-default, and round-trip', () => {
  const { scenario, errors } = parse(W3_HASH);
  assert.deepEqual(errors, []);
  assert.equal(scenario.gpus, 1024);
  assert.equal(scenario.pp, 4);
  assert.equal(scenario.recompute, 'selective');
  assert.equal(scenario.fabric, 'InfiniBand_NDR');
  assert.equal(scenario.tokens, 15e12);
  assert.equal(scenario.target_days, 120);
  assert.equal(serialize(scenario), W3_HASH);
  assert.equal(parse('#s=1&days=0.5').scenario.target_days, 0.5);
  const bad = parse('#s=1&days=soon&gpus=many');
  assert.deepEqual(bad.errors.map((e) => e.param).sort(), ['days', 'gpus']);
  assert.equal(bad.scenario.target_days, undefined);
});

test('W3 by URL: step time, tokens/s and MFU are the engine\'s; GPUs needed for the target with its layout', async () => {
  const { page, problems, context, requests } = await openPage(ctx, W3_HASH);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ok');
  const sent = await sentScenario(page);
  assert.deepEqual(sent.cluster, W3.scenario.cluster, 'the page sends the fixture\'s cluster');
  assert.deepEqual(sent.training, W3.scenario.training, 'and its training block');
  const r = sim.solve(sent);
  const t = r.training;
  assert.ok(Math.abs(t.step_time_s - 9.551) < 5e-4, `W3 step time ${t.step_time_s}`);
  assert.equal(await page.getByRole('heading', { name: 'Training step' }).isVisible(), true);
  const P = 'mlsysim-training';
  assert.equal(await metricOf(page, P, 'step-time').textContent(), '9.55 s');
  assert.ok(close(parseTime(await metricOf(page, P, 'step-time').textContent()), t.step_time_s));
  assert.equal(Number(await metricOf(page, P, 'step-time').getAttribute('data-value')), t.step_time_s);
  const tps = await metricOf(page, P, 'rate-system').textContent();
  assert.match(tps, /tokens\/s$/);
  assert.ok(close(parseNum(tps), t.tokens_per_s), `tokens/s ${tps} vs ${t.tokens_per_s}`);
  assert.ok(close(parseNum(await metricOf(page, P, 'rate-gpu').textContent()), t.tokens_per_s_per_gpu));
  const mfu = await metricOf(page, P, 'mfu').textContent();
  assert.ok(close(parseNum(mfu) / 100, t.mfu, 2), `MFU ${mfu} vs ${t.mfu}`);
  assert.ok(close(parseNum(await metricOf(page, P, 'hfu').textContent()) / 100, t.hfu));
  // Step split: the parts add up to the step.
  const parts = await page.locator(`${P} .step-seg`).evaluateAll((gs) => gs.map((g) => [g.dataset.key, Number(g.dataset.seconds)]));
  const keys = parts.map(([k]) => k);
  for (const k of ['compute', 'tp', 'pp', 'dp', 'bubble']) assert.ok(keys.includes(k), `${k} in the step bar`);
  const sum = parts.reduce((a, [, s]) => a + s, 0);
  assert.ok(Math.abs(sum - t.step_time_s) <= 1e-9 * t.step_time_s, `parts ${sum} vs step ${t.step_time_s}`);
  assert.equal(parts.find(([k]) => k === 'tp')[1], t.comm.tp);
  assert.equal(parts.find(([k]) => k === 'bubble')[1], t.bubble_s);
  // Time to train and GPUs needed.
  assert.match(await metricOf(page, P, 'time-to-train').textContent(), /^[\d.,]+ days$/);
  assert.ok(close(parseNum(await metricOf(page, P, 'effective-time').textContent()), t.effective_time_to_train_s / 86400));
  assert.equal(await metricOf(page, P, 'gpus-needed').textContent(), t.gpus_needed.toLocaleString('en-US'));
  const needed = await page.locator(`${P} [data-metric="gpus-needed"] .detail`).textContent();
  assert.ok(needed.includes(`dp ${t.gpus_needed_layout.dp}`), needed);
  // Memory per GPU as in the memory panel.
  assert.equal(Number(await metricOf(page, P, 'memory').getAttribute('data-value')), r.memory.required_bytes);
  assert.equal(await page.locator('mlsysim-memory').isVisible(), true);
  // Defaults the engine chose are said at their inputs.
  assert.match(await page.locator('#t-dp-hint').textContent(), /engine: 32/);
  assert.equal(await page.locator('#t-dp').inputValue(), '', 'dp left to the engine');
  assert.ok(requests.every((u) => u.startsWith(ctx.url) || u.startsWith('data:')), 'only own files requested');
  await page.waitForFunction(() => document.body.dataset.sweepScaling === 'done');
  await screenshot(page, 'training-w3');
  assertClean(problems);
  await context.close();
});

test('an unreachable target says so with the engine\'s warning; the token budget defaults to compute-optimal', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_70B&hw=H100&bs=1024&prec=bf16&seq=8192&mode=training&tp=8&gpus=1024&pp=4&days=1');
  const r = sim.solve(await sentScenario(page));
  assert.equal(r.training.gpus_needed, null);
  const item = page.locator('mlsysim-training [data-metric="gpus-needed"]');
  assert.equal(await item.locator('.value').textContent(), 'unreachable');
  const warning = r.warnings.find((w) => w.startsWith('DEADLINE_UNREACHABLE'));
  assert.ok((await item.locator('.detail').textContent()).includes(warning.replace(/^DEADLINE_UNREACHABLE:\s*/, '')));
  assert.equal(await page.locator('#t-tokens').getAttribute('placeholder'), 'compute-optimal');
  assert.match(await page.locator('#t-tokens-hint').textContent(), /compute-optimal/);
  assertClean(problems);
  await context.close();
});

test('a bad layout (tp·pp·dp ≠ GPUs) shows the engine\'s message at the field; an unknown fabric gets its suggestions', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  await page.getByLabel('Data (dp)').fill('16');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const sent = await sentScenario(page);
  assert.equal(sent.cluster.dp, 16);
  const rb = sim.solve(sent);
  assert.equal(rb.ok, false);
  assert.equal(rb.error.path, 'cluster.gpus');
  const input = page.locator('#t-gpus');
  assert.equal(await page.getByLabel('GPUs', { exact: true }).getAttribute('id'), 't-gpus');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const err = page.locator('#t-gpus-error');
  assert.equal(await err.isVisible(), true);
  assert.ok((await err.textContent()).includes(rb.error.message), await err.textContent());
  assert.ok((await err.textContent()).includes('cluster.gpus'));
  assert.ok((await input.getAttribute('aria-describedby')).includes('t-gpus-error'), 'the message describes the input');
  assert.ok((await page.getByRole('alert').textContent()).includes(rb.error.message));
  assert.match(await page.evaluate(() => location.hash), /&dp=16/);
  await screenshot(page, 'training-bad-layout');
  // Back to a derived dp: fine again.
  await page.getByLabel('Data (dp)').fill('');
  await page.waitForFunction(() => document.body.dataset.state === 'ok');
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await err.isVisible(), false);

  const fab = await openPage(ctx, W3_HASH.replace('fabric=InfiniBand_NDR', 'fabric=Infiniband_ndr2'));
  const rf = sim.solve(await sentScenario(fab.page));
  assert.equal(rf.error.path, 'cluster.fabric');
  assert.match(rf.error.message, /did you mean/);
  assert.ok((await fab.page.locator('#t-fabric-error').textContent()).includes(rf.error.message));
  assert.equal(await fab.page.locator('#t-fabric').getAttribute('aria-invalid'), 'true');
  assert.equal(await fab.page.locator('#t-fabric').inputValue(), 'Infiniband_ndr2');
  // Picking a fabric from the list fixes it.
  await fab.page.getByLabel('Fabric (between nodes)').selectOption('InfiniBand_XDR');
  await fab.page.waitForFunction(() => document.body.dataset.state === 'ok');
  assert.match(await fab.page.evaluate(() => location.hash), /fabric=InfiniBand_XDR/);
  assertClean(fab.problems);
  await fab.context.close();
  assertClean(problems);
  await context.close();
});

test('the scaling chart fills from the sweep worker; a click during the sweep is handled (cancel)', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  await page.waitForFunction(() => document.body.dataset.sweepScaling === 'done');
  const pts = () => page.locator('#scaling-chart .panel-per_gpu .pt-scaling').evaluateAll((gs) => gs.map((g) => [Number(g.dataset.gpus), Number(g.dataset.value)]));
  const got = await pts();
  // tp·pp = 32: 8 and 16 GPUs are rejected by the engine; 32 … 16 384 are drawn.
  assert.deepEqual(got.map(([g]) => g), [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]);
  const base = await sentScenario(page);
  for (const g of [64, 4096]) {
    const c = { ...base.cluster, gpus: g };
    const tr = { ...base.training };
    delete tr.target_days;
    const r = sim.solve({ ...base, cluster: c, training: tr });
    assert.equal(got.find(([x]) => x === g)[1], r.training.tokens_per_s_per_gpu, `per-GPU rate at ${g} GPUs`);
  }
  const current = got.find(([x]) => x === 1024)[1];
  assert.equal(current, sim.solve(base).training.tokens_per_s_per_gpu, 'the sweep point at this run equals the run');
  const status = await page.locator('#fig-scaling .sweep-status').textContent();
  const r8 = sim.solve({ ...base, cluster: { ...base.cluster, gpus: 8 } });
  assert.ok(status.includes('8, 16 GPUs') && status.includes(r8.error.message), `says why points were skipped: ${status}`);
  assert.equal(await page.locator('#scaling-chart .panel-efficiency .pt-scaling').count(), 10);

  // A new sweep (pp changes); at its first progress message from the worker the page handles a click
  // (the collectives example answers at once) and then Cancel, which stops the sweep there.
  await page.locator('#collective-box summary').click();
  await page.getByLabel('GPUs in the group').fill('64');
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const status = document.querySelector('#fig-scaling .sweep-status');
    const chart = document.querySelector('#scaling-chart');
    const obs = new MutationObserver(() => {
      const m = /Computing (\d+)\/12/.exec(status.textContent);
      if (!m || Number(m[1]) < 1) return;
      obs.disconnect();
      document.querySelector('.collective-example').click();
      const out = { busy: chart.getAttribute('aria-busy'), sweep: document.body.dataset.sweepScaling, done: Number(m[1]),
        gpus: document.querySelector('#coll-gpus').value, time: document.querySelector('[data-metric="coll-time"] .value')?.textContent };
      document.querySelector('#fig-scaling .sweep-cancel').click();
      resolve(out);
    });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
    const pp = document.querySelector('#t-pp');
    pp.value = '2';
    pp.dispatchEvent(new Event('input', { bubbles: true }));
  }));
  assert.equal(seen.busy, 'true', 'the sweep was running when the click was handled');
  assert.equal(seen.sweep, 'running');
  assert.ok(seen.done >= 1 && seen.done < 12, `mid-sweep (${seen.done}/12)`);
  assert.equal(seen.gpus, '256', 'the example click filled the calculator');
  assert.match(seen.time, /ms$/);
  await page.waitForFunction(() => document.body.dataset.sweepScaling === 'cancelled');
  const st = await page.locator('#fig-scaling .sweep-status').textContent();
  assert.match(st, /Cancelled: \d+ of 12 GPU counts computed/);
  assert.ok(Number(/Cancelled: (\d+)/.exec(st)[1]) < 12, st);
  assert.equal(await page.locator('#scaling-chart').getAttribute('aria-busy'), 'false');
  await page.waitForTimeout(300); // the cancelled sweep's remaining messages change nothing
  assert.equal(await page.evaluate(() => document.body.dataset.sweepScaling), 'cancelled');
  // A later change sweeps again to the end.
  await page.getByLabel('Pipeline (pp)').fill('8');
  await page.waitForFunction(() => document.body.dataset.sweepScaling === 'done');
  assert.ok((await pts()).length >= 8);
  assertClean(problems);
  await context.close();
});

test('search all layouts: top configurations and rejected counts from the worker; a row applies its layout to the inputs and URL', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  const search = page.getByRole('button', { name: 'Search all layouts' });
  await search.focus();
  await page.keyboard.press('Enter'); // keyboard usable
  await page.waitForFunction(() => document.body.dataset.search === 'done');
  const sent = await sentScenario(page);
  const tr = { ...sent.training, search: true };
  delete tr.target_days;
  const rs = sim.solve({ ...sent, training: tr });
  const rows = page.locator('mlsysim-search tbody tr');
  assert.ok(await rows.count() >= 1);
  assert.equal(await rows.count(), rs.training.search.length);
  const rej = page.locator('mlsysim-search [data-metric="rejected"]');
  for (const [k, n] of Object.entries(rs.training.search_stats.rejected)) assert.equal(await rej.getAttribute(`data-${k}`), String(n), `rejected for ${k}`);
  assert.match(await rej.textContent(), /do not fit in memory/);
  assert.match(await page.locator('mlsysim-search .search-status').textContent(), new RegExp(`${rs.training.search_stats.feasible} of ${rs.training.search_stats.candidates} layouts`));
  const best = rs.training.search[0];
  const first = rows.first();
  for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual_stages', 'zero', 'recompute']) {
    assert.equal(await first.locator(`td[data-key="${k}"]`).textContent(), String(best[k]), k);
  }
  await screenshot(page, 'training-search');
  // Apply the best row with the keyboard (its Apply button), then another by clicking the row.
  await first.getByRole('button', { name: /Apply layout 1/ }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((vs) => new RegExp(`vs=${vs}`).test(location.hash), best.virtual_stages);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, new RegExp(`&dp=${best.dp}`));
  assert.match(hash, new RegExp(`&mb=${best.microbatches}`));
  assert.equal(await page.locator('#t-vs').inputValue(), String(best.virtual_stages));
  const step = Number(await metricOf(page, 'mlsysim-training', 'step-time').getAttribute('data-value'));
  assert.ok(Math.abs(step - best.step_time_s) <= 1e-9 * best.step_time_s, `applied layout gives the row's step time (${step} vs ${best.step_time_s})`);
  assert.equal(await first.getAttribute('class'), 'search-row in-use', 'the applied row is marked in use');
  const other = rs.training.search.findIndex((x) => x.cp !== best.cp || x.dp !== best.dp);
  if (other > 0) {
    await rows.nth(other).locator('td[data-key="tp"]').click();
    await page.waitForFunction((dp) => new RegExp(`&dp=${dp}(&|$)`).test(location.hash), rs.training.search[other].dp);
    assert.equal(await page.locator('#t-cp').inputValue(), String(rs.training.search[other].cp));
  }
  // The link reopens the applied layout.
  const again = await openPage(ctx, await page.evaluate(() => location.hash));
  assert.equal(await again.page.evaluate(() => document.body.dataset.state), 'ok');
  assertClean(again.problems);
  await again.context.close();
  assertClean(problems);
  await context.close();
});

test('reliability: the panel shows the engine\'s numbers; the goodput chart marks the optimum at the result\'s interval', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH);
  const r = sim.solve(await sentScenario(page));
  const rel = r.reliability;
  const R = 'mlsysim-reliability';
  assert.equal(await page.getByRole('heading', { name: 'Failures and checkpoints' }).isVisible(), true);
  for (const [key, v] of [['fleet-mtbf', rel.fleet_mtbf_s], ['checkpoint-write', rel.checkpoint_write_s], ['interval-optimal', rel.checkpoint_interval_optimal_s],
    ['lost', rel.expected_lost_s], ['restart', rel.restart_s]]) {
    assert.equal(Number(await metricOf(page, R, key).getAttribute('data-value')), v, key);
    assert.ok(close(parseTime(await metricOf(page, R, key).textContent()), v), key);
  }
  assert.equal(Number(await metricOf(page, R, 'checkpoint-size').getAttribute('data-value')), rel.checkpoint_bytes);
  assert.ok(close(parseNum(await metricOf(page, R, 'goodput').textContent()) / 100, rel.goodput));
  const opt = page.locator('#goodput-chart .pt-optimum');
  assert.equal(await opt.count(), 1);
  assert.equal(Number(await opt.getAttribute('data-interval')), rel.checkpoint_interval_optimal_s);
  assert.equal(Number(await page.locator('#goodput-chart .pt-current').getAttribute('data-interval')), rel.checkpoint_interval_s);
  assert.match(await opt.textContent(), new RegExp(`optimum ${(await metricOf(page, R, 'interval-optimal').textContent()).replace('.', '\\.')}`));
  const line = await page.locator('#goodput-chart .goodput-line').getAttribute('points');
  assert.equal(line.trim().split(/\s+/).length, rel.goodput_curve.length);
  assert.match(await page.locator('#goodput-chart svg > desc').textContent(), /Optimum \(Young–Daly\)/);
  await page.locator('#fig-goodput').screenshot({ path: join(root, 'build', 'screenshots', 'training-goodput.png') });
  assertClean(problems);
  await context.close();
});

test('collectives calculator: the seed\'s ring all-reduce on 256 GPUs in one click, equal to sim.collective', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&hw=H100');
  await page.getByText('Collectives calculator').click();
  await page.getByRole('button', { name: /Example: ring all-reduce of 1 GB on 256 GPUs/ }).click();
  const r = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100', algorithm: 'ring', fabric: 'InfiniBand_NDR' });
  assert.ok(r.ok, JSON.stringify(r.error));
  const C = 'mlsysim-collective';
  assert.equal(Number(await metricOf(page, C, 'coll-time').getAttribute('data-value')), r.collective.time_s);
  assert.ok(close(parseTime(await metricOf(page, C, 'coll-time').textContent()), r.collective.time_s));
  assert.equal(Number(await metricOf(page, C, 'coll-busbw').getAttribute('data-value')), r.collective.busbw_Bps);
  assert.equal(await metricOf(page, C, 'coll-algo').textContent(), 'ring');
  // Auto picks an algorithm; a bad size names its field.
  await page.getByLabel('Algorithm').selectOption('auto');
  const ra = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100', algorithm: 'auto', fabric: 'InfiniBand_NDR' });
  assert.equal(await metricOf(page, C, 'coll-algo').getAttribute('data-value'), ra.collective.algorithm);
  await page.getByLabel('Message size').fill('lots');
  const rb = sim.collective({ op: 'all_reduce', bytes: 'lots', gpus: 256, hardware: 'H100', algorithm: 'auto', fabric: 'InfiniBand_NDR' });
  assert.equal(rb.ok, false);
  assert.ok((await page.locator(`${C} .field-error`).textContent()).includes(rb.error.message));
  await page.locator('#collective-box').screenshot({ path: join(root, 'build', 'screenshots', 'collectives.png') });
  assertClean(problems);
  await context.close();
});

test('training mode on a narrow screen in dark mode: no horizontal overflow, inputs and panels visible', async () => {
  const { page, problems, context } = await openPage(ctx, W3_HASH, { colorScheme: 'dark', viewport: { width: 390, height: 900 } });
  await page.waitForFunction(() => document.body.dataset.sweepScaling === 'done');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no horizontal scroll (${overflow}px)`);
  assert.equal(await page.getByLabel('Pipeline (pp)').isVisible(), true);
  assert.equal(await page.getByRole('heading', { name: 'Training step' }).isVisible(), true);
  await screenshot(page, 'training-w3-narrow-dark');
  assertClean(problems);
  await context.close();
});
