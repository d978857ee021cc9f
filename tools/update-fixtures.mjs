#!/usr/bin/env node
// Regenerates the "expected" block of tests/fixtures/*.json from the native CLI, keeping each
// fixture's scenario. Run after a deliberate change of the physics, then read the diff: every
// changed number must be explainable (the hand-calculation tests in tests/core prove the formulas).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'build', 'native', 'mlsysim');
const dir = join(root, 'tests', 'fixtures');

// The parts of a result that the three test layers compare.
function pick(result) {
  if (!result.ok) return result;
  const keep = { schema: result.schema, ok: true, workload: result.workload, device: result.device };
  // Training results have no performance block yet (issue 3/6): keep what exists.
  if (result.performance) {
    keep.performance = Object.fromEntries(
      Object.entries(result.performance).filter(([k]) => !['operators', 'precision_plan'].includes(k)));
  }
  keep.memory = result.memory;
  for (const block of ['serving', 'quantization', 'energy', 'cost', 'queueing']) if (result[block]) keep[block] = result[block];
  for (const block of ['training', 'reliability']) if (result[block]) keep[block] = result[block];  // issue 3/6
  for (const block of ['bands', 'accuracy', 'calibration']) if (result[block]) keep[block] = result[block];  // issue 6/6 (§M)
  keep.warnings = result.warnings;
  return keep;
}

for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const path = join(dir, name);
  const fixture = JSON.parse(readFileSync(path, 'utf8'));
  let out;
  try {
    out = execFileSync(cli, ['solve', '-'], { input: JSON.stringify(fixture.scenario) });
  } catch (e) {
    out = e.stdout;  // exit 2 still prints the error JSON
  }
  fixture.expected = pick(JSON.parse(out.toString()));
  writeFileSync(path, JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${name}: ${fixture.expected.ok ? 'ok' : 'error ' + fixture.expected.error.path}`);
}
