// The built wasm module loads in Node through the page's own JS API (build/web/src/engine.js), solves
// every fixture to 1e-12 of the native engine's expected values, and answers bad input with the
// error JSON — never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = join(root, 'build', 'web');

async function loadEngine() {
  const { createMlsysim } = await import(join(site, 'src', 'engine.js'));
  // Node 20's fetch breaks Emscripten 3.1.6's loader: hand it the bytes (DESIGN.md §5).
  return createMlsysim({ wasmBinary: readFileSync(join(site, 'mlsysim_wasm.wasm')) });
}

function compare(expected, actual, path) {
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path} is missing`);
    if (Array.isArray(expected)) assert.equal(actual.length, expected.length, `${path} length`);
    for (const key of Object.keys(expected)) compare(expected[key], actual[key], `${path}.${key}`);
  } else if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path} is not a number`);
    const tolerance = 1e-12 * Math.max(Math.abs(expected), 1e-300);
    assert.ok(Math.abs(actual - expected) <= tolerance, `${path}: wasm ${actual} vs native ${expected}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

const sim = await loadEngine();
const fixtures = readdirSync(join(root, 'tests', 'fixtures')).filter((f) => f.endsWith('.json'));

test('there are fixtures to check', () => assert.ok(fixtures.length >= 4));

for (const name of fixtures) {
  test(`fixture ${name}: wasm agrees with native to 1e-12`, () => {
    const fixture = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', name), 'utf8'));
    const result = sim.solve(fixture.scenario);
    compare(fixture.expected, result, 'result');
  });
}

test('bad input returns the error JSON with a field path', () => {
  const r = sim.solve({ model: 'ResNet50', hardware: 'A100', batch_size: 0 });
  assert.deepEqual(r, { schema: 1, ok: false, error: { path: 'batch_size', message: 'must be an integer ≥ 1 (got 0)' } });
  const bad = sim.solve('{"model": ');
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /^invalid JSON/);
  const unknown = sim.solve({ model: 'NoSuchModel', hardware: 'A100' });
  assert.equal(unknown.error.path, 'model');
  assert.match(unknown.error.message, /did you mean/);
});

test('hostile text never throws across the boundary', () => {
  for (const text of ['', 'null', '[]', '"x"', '1e999', '{"model":{"hidden_size":1e308}}', '['.repeat(100000),
    JSON.stringify({ model: 'ResNet50', hardware: { peak_flops: { fp16: '1e400 TFLOP/s' } } })]) {
    const r = sim.solve(text);
    assert.equal(r.ok, false, text.slice(0, 40));
    assert.equal(typeof r.error.path, 'string');
  }
});

test('catalog() lists 45 devices, 33 models and the regions', () => {
  const c = sim.catalog();
  assert.equal(c.hardware.length, 45);
  assert.equal(c.models.length, 33);
  assert.ok(c.regions.length >= 12);
  assert.ok(c.hardware.find((d) => d.name === 'A100').precisions.includes('fp16'));
});

test('sweep() returns one value per point and the bottleneck flips once for ResNet50/A100', () => {
  const values = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
  const r = sim.sweep({ model: 'ResNet50', hardware: 'A100' }, 'batch_size', values);
  assert.equal(r.ok, true);
  assert.ok(r.latency_s instanceof Float64Array);
  assert.equal(r.latency_s.length, values.length);
  const flips = r.compute_bound.filter((c, i) => i > 0 && c !== r.compute_bound[i - 1]).length;
  assert.equal(flips, 1);
  assert.equal(r.compute_bound[values.indexOf(16)], 1);
  assert.equal(r.compute_bound[values.indexOf(8)], 0);
  const bad = sim.sweep({ model: 'ResNet50', hardware: 'A100' }, 'batch_size', [1, 0]);
  assert.equal(bad.error.path, 'batch_size');
});

test('sweep2d() covers batch × prompt length for a decoder, matching solve() point by point', () => {
  const scenario = { model: 'Llama3_8B', hardware: 'H100', mode: 'serving' };
  const bs = [1, 8, 64], seq = [512, 2048];
  const r = sim.sweep2d(scenario, 'batch_size', bs, 'seq_len', seq);
  assert.equal(r.ok, true);
  assert.equal(r.ttft_s.length, bs.length * seq.length);
  bs.forEach((b, i) => seq.forEach((s, j) => {
    const one = sim.solve({ ...scenario, batch_size: b, seq_len: s });
    const got = r.ttft_s[i * seq.length + j];
    assert.ok(Math.abs(got - one.serving.ttft_s) <= 1e-12 * one.serving.ttft_s, `ttft at B=${b}, S=${s}`);
  }));
  const bad = sim.sweep2d(scenario, 'batch_size', [1], 'colour', [1]);
  assert.equal(bad.ok, false);
});

test('collective(): the seed question "ring all-reduce on 256 GPUs" answers from the JS API', () => {
  const r = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100', algorithm: 'ring' });
  assert.equal(r.ok, true);
  assert.equal(r.collective.algorithm, 'ring');
  assert.ok(r.collective.time_s > 0);
  const auto = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100' });
  assert.ok(auto.collective.time_s <= r.collective.time_s, 'auto never picks a slower algorithm than ring');
  assert.equal(sim.collective({ op: 'teleport', bytes: 1, gpus: 2 }).ok, false);
});
