// Operations in Debian chromium (issue 4/6): the site and traffic inputs in the URL, the energy and
// carbon panel with its region chart, the cost panel with its stacked chart, the queueing panel with
// its P99 chart; every number equal to the engine's (sim.solve of the scenario the page sent) to
// display precision, no console errors and no request leaving localhost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, openPage, screenshot, nodeEngine, screenshotDir } from './harness.mjs';
import { formatCo2, formatUsd, formatProbability, formatKwh, formatLiters } from '../../web/src/ops-format.js';
import { formatTime } from '../../web/src/format.js';

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
const metricOf = async (page, panel, key) => {
  const v = page.locator(`${panel} [data-metric="${key}"] .value`);
  return { text: await v.textContent(), raw: await v.getAttribute('data-value') };
};
async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
}
async function noOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

for (const region of ['US_Avg', 'Quebec']) {
  test(`W2 serving in ${region}: carbon equals the engine's and the region's bar is highlighted`, async () => {
    const hash = region === 'US_Avg' ? W2 : `${W2}&region=${region}`;
    const { page, problems, context } = await openPage(ctx, hash);
    await settled(page);
    const s = await sent(page);
    if (region === 'Quebec') assert.equal(s.site?.region, 'Quebec');
    else assert.equal(s.site, undefined, 'the default region is not sent (nor written to the URL)');
    const r = sim.solve(s);
    assert.equal(r.ok, true);
    const e = r.energy;
    assert.equal(e.region.name, region);
    for (const [key, value, fmt] of [['carbon', e.carbon_kg, formatCo2], ['carbon-operational', e.carbon_operational_kg, formatCo2],
      ['carbon-embodied', e.carbon_embodied_kg, formatCo2], ['energy', e.energy_kwh, formatKwh], ['water', e.water_l, formatLiters]]) {
      const m = await metricOf(page, 'mlsysim-energy', key);
      assert.equal(Number(m.raw), value, `${key} data-value`);
      assert.equal(m.text, fmt(value), `${key} text`);
    }
    const rows = await page.locator('mlsysim-region-chart .region-row').evaluateAll((els) => els.map((g) => ({
      region: g.dataset.region, carbon: Number(g.dataset.carbon), selected: g.dataset.selected, cls: g.classList.contains('is-selected'),
    })));
    assert.equal(rows.length, e.regions.length, 'one bar per region');
    assert.deepEqual(rows.map((x) => x.region), e.regions.map((g) => g.region), 'sorted as the engine sorted them');
    assert.deepEqual(rows.filter((x) => x.selected === 'true' && x.cls).map((x) => x.region), [region], 'only the selected region is highlighted');
    for (const [i, g] of e.regions.entries()) assert.equal(rows[i].carbon, g.carbon_kg);
    const ratio = await page.locator('mlsysim-energy .region-ratio').textContent();
    assert.match(ratio, /^Up to [\d.,]+× difference/);
    assert.equal(Number(await page.locator('mlsysim-energy .region-ratio').getAttribute('data-value')), e.carbon_ratio_max_min);
    await screenshot(page, `operations-energy-${region}`);
    assertClean(problems);
    await context.close();
  });
}

test('choosing Quebec in the Region list: URL key region=Quebec, carbon drops, the bar moves', async () => {
  const { page, problems, context } = await openPage(ctx, W2);
  await settled(page);
  const before = Number(await page.locator('mlsysim-energy [data-metric="carbon"] .value').getAttribute('data-value'));
  assert.equal(await page.locator('#site-box').getAttribute('open'), null, 'closed while nothing is set');
  await page.locator('#site-box summary').click();
  await page.locator('#region').selectOption('Quebec');
  await page.waitForFunction(() => location.hash.includes('region=Quebec'));
  const after = Number(await page.locator('mlsysim-energy [data-metric="carbon"] .value').getAttribute('data-value'));
  assert.ok(after < before / 5, `Quebec ${after} well below US_Avg ${before}`);
  assert.equal(await page.locator('mlsysim-region-chart .region-row.is-selected').getAttribute('data-region'), 'Quebec');
  // Years, utilization and the overrides travel too (only when set), and reopen.
  await page.locator('#years').fill('5');
  await page.locator('#util').fill('0.6');
  await page.locator('#pue').fill('1.3');
  await page.locator('#price').fill('0.08');
  await page.waitForFunction(() => location.hash.includes('price=0.08'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /region=Quebec&years=5&util=0\.6&pue=1\.3&price=0\.08/);
  const s = await sent(page);
  assert.deepEqual(s.site, { region: 'Quebec', years: 5, utilization: 0.6, pue: 1.3, price_per_kwh: 0.08 });
  await page.locator('#years').fill('');
  await page.waitForFunction(() => !location.hash.includes('years='));
  const again = await openPage(ctx, hash);
  await settled(again.page);
  assert.equal(await again.page.locator('#region').inputValue(), 'Quebec');
  assert.equal(await again.page.locator('#pue').inputValue(), '1.3');
  assert.equal(await again.page.locator('#util').inputValue(), '0.6');
  assertClean([...problems, ...again.problems]);
  await again.context.close();
  await context.close();
});

test('cost panel: TCO equals the engine\'s and the stacked chart\'s segments sum to it', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&years=4`);
  await settled(page);
  const r = sim.solve(await sent(page));
  const c = r.cost;
  const tco = await metricOf(page, 'mlsysim-cost', 'tco');
  assert.equal(Number(tco.raw), c.tco_usd);
  assert.equal(tco.text, formatUsd(c.tco_usd));
  for (const [key, v] of [['capex', c.capex_usd], ['opex', c.opex_usd_per_year], ['cloud', c.cloud_usd], ['per-query', c.usd_per_query],
    ['per-million', c.usd_per_million_tokens]]) {
    const m = await metricOf(page, 'mlsysim-cost', key);
    assert.equal(Number(m.raw), v, key);
    assert.equal(m.text, formatUsd(v), key);
  }
  const segs = await page.locator('mlsysim-tco-chart .tco-seg').evaluateAll((els) => els.map((g) => ({ year: Number(g.dataset.year), usd: Number(g.dataset.usd) })));
  assert.equal(new Set(segs.map((x) => x.year)).size, 4, 'one bar per year');
  const sum = segs.reduce((a, x) => a + x.usd, 0);
  assert.ok(Math.abs(sum - c.tco_usd) <= 1e-9 * c.tco_usd, `segments ${sum} = tco ${c.tco_usd}`);
  await screenshot(page, 'operations-cost');
  assertClean(problems);
  await context.close();
});

test('W7 traffic in the URL (5.8 req/s, SLO 5 s): P99 and attainment equal the engine\'s; SLO line and current load drawn', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&rate=5.8&slo=5`);
  await settled(page);
  const s = await sent(page);
  assert.deepEqual(s.traffic, { arrival_rate: 5.8, slo_p99_s: 5 });
  const q = sim.solve(s).queueing;
  assert.equal(q.stable, true);
  const p99 = await metricOf(page, 'mlsysim-queueing', 'p99');
  assert.equal(Number(p99.raw), q.p99_s);
  assert.equal(p99.text, formatTime(q.p99_s));
  assert.equal(p99.text, '5.92 s', 'MODELS.md W7');
  const att = await metricOf(page, 'mlsysim-queueing', 'attainment');
  assert.equal(Number(att.raw), q.slo_attainment);
  assert.equal(att.text, formatProbability(q.slo_attainment));
  assert.equal(att.text, '0.906', 'MODELS.md W7');
  const rep = await metricOf(page, 'mlsysim-queueing', 'replicas');
  assert.equal(Number(rep.raw), q.replicas_needed);
  assert.equal(Number(await page.locator('mlsysim-p99-chart .q-slo').getAttribute('data-value')), 5);
  assert.equal(Number(await page.locator('mlsysim-p99-chart .q-current').getAttribute('data-rate')), 5.8);
  assert.equal(await page.locator('mlsysim-p99-chart .q-now').count(), 1);
  assert.equal(await page.locator('mlsysim-queueing .q-unstable').count(), 0);
  assert.equal(await page.locator('#rate').inputValue(), '5.8');
  await screenshot(page, 'operations-queueing');
  assertClean(problems);
  await context.close();
});

test('20 req/s on one replica: "unstable", and no percentile number anywhere in the panel', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&rate=20&slo=5`);
  await settled(page);
  const q = sim.solve(await sent(page)).queueing;
  assert.equal(q.stable, false);
  const box = await page.locator('mlsysim-queueing .q-unstable').textContent();
  assert.match(box, /unstable: the queue grows without bound/i);
  for (const key of ['p50', 'p99']) {
    const m = await metricOf(page, 'mlsysim-queueing', key);
    assert.doesNotMatch(m.text, /\d/, `${key} shows no number: ${m.text}`);
    assert.equal(m.raw, null);
  }
  assert.equal(await page.locator('mlsysim-p99-chart .q-now').count(), 0, 'no P99 point for the current load');
  assert.match(await page.locator('mlsysim-p99-chart .q-unstable-label').textContent(), /unstable/);
  assert.equal(Number((await metricOf(page, 'mlsysim-queueing', 'replicas')).raw), q.replicas_needed);
  await screenshot(page, 'operations-unstable');
  assertClean(problems);
  await context.close();
});

test('a bad region shows the engine\'s message with its suggestions at the field; a bad PUE too', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&region=Mars`);
  await settled(page);
  const r = sim.solve(await sent(page));
  assert.equal(r.ok, false);
  assert.equal(r.error.path, 'site.region');
  assert.match(r.error.message, /did you mean/);
  const alerts = await page.locator('#alerts').textContent();
  assert.ok(alerts.includes(r.error.message), alerts);
  const at = await page.locator('#region-error').textContent();
  assert.ok(at.includes(r.error.message), at);
  assert.match(at, /Known regions: .*Quebec/);
  assert.equal(await page.locator('#region').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#region').getAttribute('aria-describedby'), /region-error/);
  assert.match(await page.locator('#region option:checked').textContent(), /Mars \(unknown\)/);
  await screenshot(page, 'operations-bad-region');
  // Fixing it clears the error.
  await page.locator('#region').selectOption('Iowa');
  await page.waitForFunction(() => document.body.dataset.state === 'ok');
  assert.equal(await page.locator('#region-error').isHidden(), true);
  // A PUE below 1: the engine's message under the PUE field.
  await page.locator('#pue').fill('0.9');
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  assert.match(await page.locator('#pue-error').textContent(), /must be ≥ 1 \(got 0\.9\)/);
  assertClean(problems);
  await context.close();
});

test('training: the run\'s energy and cost; traffic is not sent', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_70B&hw=H100&prec=bf16&mode=training&bs=32&tp=8&rate=5');
  await settled(page);
  const s = await sent(page);
  assert.equal(s.traffic, undefined);
  const r = sim.solve(s);
  assert.equal(await page.locator('mlsysim-energy .ops-scope').getAttribute('data-scope'), 'run');
  const run = await metricOf(page, 'mlsysim-cost', 'run');
  assert.equal(Number(run.raw), r.cost.run_usd);
  assert.equal(await page.locator('mlsysim-queueing').isHidden(), true);
  assert.equal(await page.locator('#rate').isDisabled(), true);
  assertClean(problems);
  await context.close();
});

test('compare: pin US_Avg, switch to Quebec: carbon, TCO, USD per million tokens and P99 rows', async () => {
  const { page, problems, context } = await openPage(ctx, `${W2}&rate=5.8&slo=5`);
  await settled(page);
  await page.locator('#pin').click();
  await page.locator('#region').selectOption('Quebec');
  await page.waitForFunction(() => document.querySelector('mlsysim-compare tr[data-metric="carbon"]'));
  const rows = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('mlsysim-compare tr[data-metric]')]
    .map((tr) => [tr.dataset.metric, { a: tr.querySelector('.side-a')?.dataset.value, b: tr.querySelector('.side-b')?.dataset.value }])));
  for (const k of ['energy-per-unit', 'carbon', 'tco', 'usd-per-million-tokens', 'p99']) assert.ok(rows[k], `row ${k}`);
  assert.ok(Number(rows.carbon.b) < Number(rows.carbon.a));
  assert.match(await page.evaluate(() => location.hash), /a\.s=1/);
  assertClean(problems);
  await context.close();
});

for (const [name, opts] of [['narrow-dark', { colorScheme: 'dark', viewport: { width: 360, height: 800 } }], ['wide-dark', { colorScheme: 'dark', viewport: { width: 1280, height: 1000 } }],
  ['narrow-light', { colorScheme: 'light', viewport: { width: 360, height: 800 } }]]) {
  test(`${name}: the operations panels render without horizontal overflow`, async () => {
    const { page, problems, context } = await openPage(ctx, `${W2}&region=Quebec&rate=5.8&slo=5`, opts);
    await settled(page);
    assert.equal(await noOverflow(page), true, 'no horizontal scroll');
    for (const p of ['mlsysim-queueing', 'mlsysim-energy', 'mlsysim-cost']) assert.equal(await page.locator(p).isVisible(), true, p);
    await screenshot(page, `operations-${name}`);
    await page.locator('.ops-panels').screenshot({ path: join(screenshotDir, `operations-panels-${name}.png`) });
    assertClean(problems);
    await context.close();
  });
}
