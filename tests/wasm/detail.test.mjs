// Scenario field "detail": the wasm module's summary of every fixture has exactly the keys of the
// native CLI's summary, with numbers equal to 1e-12, and is the wasm full result minus omitted parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = join(root, 'build', 'web');
const cli = join(root, 'build', 'native', 'mlsysim');

const { createMlsysim } = await import(join(site, 'src', 'engine.js'));
const sim = await createMlsysim({ wasmBinary: readFileSync(join(site, 'mlsysim_wasm.wasm')) });

function native(scenario) {
  try {
    return JSON.parse(execFileSync(cli, ['solve', '-'], { input: JSON.stringify(scenario) }).toString());
  } catch (e) {
    return JSON.parse(e.stdout.toString());  // exit 2 still prints the error JSON
  }
}

// Same shape both ways; numbers to 1e-12 relative, everything else exactly.
function same(a, b, path) {
  if (a !== null && typeof a === 'object') {
    assert.ok(b !== null && typeof b === 'object', `${path}: object vs ${b}`);
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    for (const key of Object.keys(a)) same(a[key], b[key], `${path}.${key}`);
  } else if (typeof a === 'number') {
    assert.equal(typeof b, 'number', `${path} is not a number`);
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), 1e-300), `${path}: ${a} vs ${b}`);
  } else {
    assert.deepEqual(a, b, path);
  }
}

// Every key of sub is in sup with an identical value.
function subset(sub, sup, path) {
  if (sub !== null && typeof sub === 'object' && !Array.isArray(sub)) {
    for (const key of Object.keys(sub)) {
      assert.ok(sup && key in sup, `${path}.${key} is not in the full result`);
      subset(sub[key], sup[key], `${path}.${key}`);
    }
  } else {
    assert.deepEqual(sub, sup, path);
  }
}

const fixtures = readdirSync(join(root, 'tests', 'fixtures')).filter((f) => f.endsWith('.json'));

for (const name of fixtures) {
  test(`fixture ${name}: wasm and native summaries agree; summary ⊂ full`, () => {
    const { scenario } = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', name), 'utf8'));
    const summary = sim.solve({ ...scenario, detail: 'summary' });
    same(native({ ...scenario, detail: 'summary' }), summary, 'result');
    const full = sim.solve(scenario);
    subset(summary, full, 'result');
    if (full.ok) {
      assert.ok(!('explain' in summary), 'explain is omitted');
      assert.deepEqual(summary.warnings, full.warnings);
    }
  });
}

test('a bad detail value is an error naming the choices', () => {
  const r = sim.solve({ model: 'ResNet50', hardware: 'A100', detail: 'brief' });
  assert.deepEqual(r.error, { path: 'detail', message: "must be one of full, summary (got 'brief')" });
});
