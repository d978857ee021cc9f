// The engine as an ES-module package (build/web/package/, written by tools/build-web.mjs): its
// package.json names the module and the wasm, it resolves by name through `exports`, and solve()
// gives the fixtures' numbers in Node without any option (the .wasm beside it is read from disk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, mkdir, symlink, writeFile, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { webDir, fixtures, isFakeBuild } from './harness.mjs';

const pkgDir = join(webDir, 'package');

test('package.json: name, version, type module, exports → engine.js, the wasm and the types', async (t) => {
  if (await isFakeBuild()) return t.skip('a --fake build has no wasm package');
  const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'mlsysim-wasm');
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './engine.js' });
  assert.equal(pkg.exports['./mlsysim_wasm.wasm'], './mlsysim_wasm.wasm');
  for (const f of pkg.files) await access(join(pkgDir, f));
  const dts = await readFile(join(pkgDir, 'index.d.ts'), 'utf8');
  for (const decl of ['export interface Scenario', 'export interface Result', 'export interface ErrorResult', 'export interface Serving',
    'export interface Performance', 'export interface Memory', 'export function createMlsysim', 'solve(scenario: Scenario | string): Result | ErrorResult'])
    assert.ok(dts.includes(decl), `index.d.ts declares ${decl}`);
});

test('imported by path, createMlsysim() with no options solves every fixture to 1e-12', async (t) => {
  if (await isFakeBuild()) return t.skip('a --fake build has no wasm package');
  const { createMlsysim } = await import(pathToFileURL(join(pkgDir, 'engine.js')).href);
  const sim = await createMlsysim();
  const list = await fixtures();
  assert.ok(list.length > 3);
  for (const f of list) {
    const r = sim.solve(f.scenario);
    assert.equal(r.ok, f.expected.ok ?? true, f.name);
    if (r.ok && f.expected.performance) {
      const rel = Math.abs(r.performance.latency_s - f.expected.performance.latency_s) / f.expected.performance.latency_s;
      assert.ok(rel <= 1e-12, `${f.name}: latency ${r.performance.latency_s} vs ${f.expected.performance.latency_s}`);
    }
  }
  const bad = sim.solve({ model: 'ResNet50', hardware: 'A100', batch_size: 0 });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.path, 'batch_size');
});

test('resolves by its name through exports, from a project that depends on it', async (t) => {
  if (await isFakeBuild()) return t.skip('a --fake build has no wasm package');
  const dir = await mkdtemp(join(tmpdir(), 'mlsysim-pkg-'));
  try {
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(pkgDir, join(dir, 'node_modules', 'mlsysim-wasm'), 'dir');
    await writeFile(join(dir, 'package.json'), '{"type":"module","dependencies":{"mlsysim-wasm":"*"}}');
    await writeFile(join(dir, 'use.mjs'), `import { createMlsysim } from 'mlsysim-wasm';
const sim = await createMlsysim();
const r = sim.solve({ model: 'Llama3_8B', hardware: 'A100' });
export const result = r;
export const wasmPath = import.meta.resolve('mlsysim-wasm/mlsysim_wasm.wasm');`);
    const mod = await import(pathToFileURL(join(dir, 'use.mjs')).href);
    assert.equal(mod.result.ok, true);
    assert.equal(mod.result.performance.bottleneck, 'memory');
    assert.ok(mod.result.serving.ttft_s > 0);
    assert.match(mod.wasmPath, /mlsysim_wasm\.wasm$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
