// The accuracy report's arithmetic against hand calculations, and its coverage of the public
// validation set: every id of ../shared/data/validation_public.json has exactly one case file whose
// category and measured value match the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  TRANSFORMS, applyPatch, bestPoint, evaluate, fitPoints, fitScore, getPath, median, predict, quantile,
  scenarioGpus, secondaryCases, signedError, summarize,
} from '../../web/src/accuracy-math.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const caseDir = join(root, 'tests', 'accuracy', 'cases');
const validation = resolve(root, '..', 'shared', 'data', 'validation_public.json');

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

test('signed error is (predicted − measured)/measured', () => {
  close(signedError(90, 100), -0.1);
  close(signedError(150, 100), 0.5);
  close(signedError(0.133, 0.133), 0);
});

test('median and p90 interpolate between order statistics (hand example)', () => {
  const xs = [0.5, 0.1, 0.4, 0.2, 0.3];   // sorted 0.1 … 0.5
  close(median(xs), 0.3);
  close(quantile(xs, 0.9), 0.46);          // rank 0.9·4 = 3.6 → 0.4 + 0.6·(0.5 − 0.4)
  close(median([4, 1, 3, 2]), 2.5);
  close(quantile([7], 0.9), 7);
  assert.equal(quantile([], 0.5), null);
});

test('summarize: per category over |error|, overall over predictions only, input checks apart', () => {
  const rows = [
    { category: 'a', kind: 'prediction', error: -0.10 },
    { category: 'a', kind: 'prediction', error: 0.30 },
    { category: 'a', kind: 'prediction', error: -0.20 },
    { category: 'b', kind: 'input_check', error: 0.58 },
    { category: 'b', kind: 'prediction', error: 0.02 },
    { category: 'c', kind: 'not_modeled' },
  ];
  const s = summarize(rows, ['b', 'a', 'c']);
  assert.deepEqual(s.categories.map((c) => c.category), ['b', 'a']);   // order kept, empty 'c' dropped
  const a = s.categories[1];
  assert.equal(a.n, 3);
  close(a.median_abs, 0.2);
  close(a.p90_abs, 0.28);                                            // |e| 0.1 0.2 0.3, rank 1.8
  close(s.categories[0].median_abs, 0.30);                           // (0.02 + 0.58)/2
  assert.equal(s.overall.n, 4);
  close(s.overall.median_abs, 0.15);                                 // 0.02 0.1 0.2 0.3
  assert.equal(s.input_checks.n, 1);
  close(s.input_checks.median_abs, 0.58);
});

test('transforms read the result and the scenario as documented', () => {
  const result = {
    ok: true, device: { peak_flops: 312e12 }, training: { hfu: 0.5, effective_time_to_train_s: 100 },
    reliability: { fleet_mtbf_s: 3600, checkpoint_bytes: 2e12, checkpoint_write_s: 4 },
    memory: { breakdown: { weights: 1, gradients: 2, optimizer: 12 } },
    energy: { carbon_operational_kg: 10 },
    explain: [{ quantity: 'cost.cloud_usd', inputs: { cloud_usd_per_gpu_hour: 4 } }],
  };
  const scenario = { cluster: { tp: 8, pp: 4, dp: 2 } };
  const c = (path, transform) => ({ id: 'X', scenario, predict: { path, transform } });
  close(predict(c('training.hfu', 'times_peak'), result), 156e12);
  close(predict(c('training.effective_time_to_train_s', 'times_gpus'), result), 6400);
  close(predict(c('reliability.fleet_mtbf_s', { name: 'count_in', duration_s: 36000 }), result), 10);
  close(predict(c('reliability.checkpoint_bytes', { name: 'ratio', of: 'reliability.checkpoint_write_s' }), result), 5e11);
  close(predict(c('memory.breakdown.weights',
    { name: 'sum', paths: ['memory.breakdown.weights', 'memory.breakdown.gradients', 'memory.breakdown.optimizer'] }), result), 15);
  close(predict(c('energy.carbon_operational_kg',
    { name: 'at_duration', duration_s: 300, time_path: 'training.effective_time_to_train_s' }), result), 30);
  // 64 GPUs for 100 s = 6400 GPU-s → rescaled to 12 800 GPU-s (3.5556 GPU-h) doubles the carbon.
  close(predict(c('energy.carbon_operational_kg',
    { name: 'at_gpu_hours', gpu_hours: 12800 / 3600, time_path: 'training.effective_time_to_train_s' }), result), 20);
  close(predict(c('explain[cost.cloud_usd].inputs.cloud_usd_per_gpu_hour', { name: 'times', factor: 8 }), result), 32);
  close(predict(c('training.effective_time_to_train_s', 'per_gpu'), result), 100 / 64);
  assert.equal(scenarioGpus({ cluster: { gpus: 992, tp: 8 } }), 992);
  assert.equal(scenarioGpus({}), 1);
  assert.throws(() => predict(c('training.nope', null), result), /no finite number at 'training.nope'/);
  assert.throws(() => predict(c('training.hfu', 'cube'), result), /unknown transform 'cube'/);
  assert.equal(getPath(result, 'explain[missing].inputs.x'), undefined);
  assert.ok(Object.keys(TRANSFORMS).length >= 9);
});

test('evaluate marks an invalid scenario as a defect instead of scoring it', () => {
  const cases = [
    { id: 'A', category: 'x', kind: 'prediction', measured: { value: 2, unit: 's' }, scenario: {}, predict: { path: 'v' } },
    { id: 'B', category: 'x', kind: 'prediction', measured: { value: 2, unit: 's' }, scenario: { bad: 1 }, predict: { path: 'v' } },
  ];
  const rows = evaluate(cases, (s) => (s.bad ? { ok: false, error: { path: 'bad', message: 'no' } } : { ok: true, v: 3 }));
  close(rows[0].error, 0.5);
  assert.equal(rows[1].status, 'defect');
  assert.match(rows[1].defect, /scenario rejected/);
});

test('applyPatch merges objects key by key; secondary points inherit the case', () => {
  const s = { model: 'A', cluster: { tp: 2, dp: 4 }, efficiency: { compute: 0.6 } };
  assert.deepEqual(applyPatch(s, { cluster: { tp: 4 }, seq_len: 128 }),
    { model: 'A', cluster: { tp: 4, dp: 4 }, efficiency: { compute: 0.6 }, seq_len: 128 });
  assert.deepEqual(s.cluster, { tp: 2, dp: 4 });   // the case itself is untouched
  const [p] = secondaryCases({ id: 'S', category: 'c', kind: 'prediction', scenario: s, predict: { path: 'x' },
    secondary: [{ label: 'l', measured: { value: 1, unit: 's' }, scenario_patch: { model: 'B' } }] });
  assert.equal(p.id, 'S.1');
  assert.equal(p.scenario.model, 'B');
  assert.deepEqual(p.predict, { path: 'x' });
});

test('the fit grid stays inside the MODELS.md §C.1 bands and picks the lowest score, ties to the first', () => {
  for (const p of fitPoints()) {
    assert.ok(p.compute >= 0.45 && p.compute <= 0.75);
    assert.ok(p.memory >= 0.65 && p.memory <= 0.90);
  }
  close(fitScore([{ error: 1 }, { error: -0.5 }]), 2 * Math.log(2) ** 2);   // ×2 and ×½ cost the same
  const best = bestPoint([{ point: 'a', score: 2 }, { point: 'b', score: 1 }, { point: 'c', score: 1 }]);
  assert.equal(best.point, 'b');
});

test('every public validation case has exactly one case file that matches it', async () => {
  let source;
  try {
    source = JSON.parse(await readFile(validation, 'utf8'));
  } catch (e) {
    assert.fail(`cannot read ${validation} (the public validation set beside the project): ${e.message}`);
  }
  const files = (await readdir(caseDir)).filter((n) => n.endsWith('.json')).sort();
  const cases = await Promise.all(files.map(async (n) => ({ file: n, ...JSON.parse(await readFile(join(caseDir, n), 'utf8')) })));
  assert.deepEqual(cases.map((c) => c.id).sort(), source.map((v) => v.id).sort());
  for (const c of cases) {
    const v = source.find((x) => x.id === c.id);
    assert.equal(c.file, `${c.id}.json`);
    assert.equal(c.category, v.category, c.id);
    assert.ok(['prediction', 'input_check', 'not_modeled'].includes(c.kind), `${c.id}: kind`);
    const same = (x) => Number.isFinite(x) && Math.abs(c.measured.value - x) <= 1e-9 * Math.abs(x);
    assert.ok(same(v.value_si) || same(v.value_reported), `${c.id}: measured ${c.measured.value} is neither value_si nor value_reported`);
    assert.ok(c.measured.unit && c.measured.what && c.source && c.confidence, `${c.id}: measured/source/confidence`);
    assert.ok(Array.isArray(c.assumptions) && c.assumptions.length > 0, `${c.id}: assumptions`);
    if (c.kind === 'not_modeled') assert.ok(c.reason, `${c.id}: a not_modeled case says why`);
    else {
      assert.equal(c.scenario?.schema, 1, `${c.id}: schema-1 scenario`);
      assert.equal(typeof c.predict?.path, 'string', `${c.id}: predict.path`);
      // No per-case knobs: the efficiency defaults are the same for every case.
      assert.equal(c.scenario.efficiency, undefined, `${c.id}: a case must not set efficiency`);
    }
  }
});
