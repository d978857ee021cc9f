// The package's TypeScript declarations (build/web/package/index.d.ts) checked by the TypeScript
// compiler, not by reading the text: a typed consumer compiles under --strict; misspelt fields and an
// un-narrowed ok/error union do not; and real engine output — every fixture and one scenario per
// result section — is type-checked as object literals against Result, so a field the engine writes
// and the declarations lack (or a type they get wrong) fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, symlink, writeFile, readFile, copyFile, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixtures, isFakeBuild } from '../browser/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const pkgDir = join(root, 'build', 'web', 'package');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const FLAGS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--pretty', 'false'];

let dir;
let skip = '';

before(async () => {
  if (await isFakeBuild()) {
    skip = 'a --fake build has no wasm package';
    return;
  }
  // Not skipped otherwise: a missing package or compiler is a failure (./run test builds and installs both).
  for (const f of [join(pkgDir, 'engine.js'), join(pkgDir, 'index.d.ts'), tsc]) await access(f);
  // A project that depends on the package by name, as a consumer would.
  dir = await mkdtemp(join(tmpdir(), 'mlsysim-types-'));
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(pkgDir, join(dir, 'node_modules', 'mlsysim-wasm'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type":"module","dependencies":{"mlsysim-wasm":"*"}}\n');
  for (const f of ['consumer.ts', 'typo.ts']) await copyFile(join(here, f), join(dir, f));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Run tsc on `files` in the consumer project: {code, errors: [{file, line, message}]}. */
function typecheck(files) {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, ...FLAGS, ...files], { cwd: dir, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const text = `${stdout}${stderr}`;
      const errors = [...text.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map((m) => ({ file: m[1], line: Number(m[2]), message: m[3] }));
      resolve({ code: err ? err.code ?? 1 : 0, text, errors });
    });
  });
}

test('a typed consumer (scenario literal, solve, ok/error narrowing, result fields) compiles with tsc --strict', async (t) => {
  if (skip) return t.skip(skip);
  const r = await typecheck(['consumer.ts']);
  assert.equal(r.code, 0, r.text);
});

test('misspelt fields and an un-narrowed result fail to type-check, each where it is written', async (t) => {
  if (skip) return t.skip(skip);
  const source = await readFile(join(here, 'typo.ts'), 'utf8');
  const expected = source.split('\n').map((line, i) => [i + 1, /EXPECT: (\S+)/.exec(line)?.[1]]).filter(([, w]) => w);
  assert.ok(expected.length >= 3);
  const r = await typecheck(['typo.ts']);
  assert.notEqual(r.code, 0, 'typo.ts must not compile');
  for (const [line, word] of expected) {
    const hit = r.errors.find((e) => e.line === line);
    assert.ok(hit, `an error at typo.ts:${line} (${word}); got:\n${r.text}`);
    assert.ok(hit.message.includes(`'${word}'`), `the error at line ${line} names '${word}': ${hit.message}`);
  }
  assert.equal(r.errors.length, expected.length, `only the expected errors:\n${r.text}`);
});

// Scenarios that between them produce every section and optional field of the result.
const W3 = { model: 'Llama3_70B', hardware: 'H100', mode: 'training', precision: 'bf16', batch_size: 1024, seq_len: 8192,
  cluster: { gpus: 1024, tp: 8, pp: 4, zero: 1, recompute: 'selective' }, training: { tokens: 15e12 } };
const SECTIONS = [
  { ...W3, training: { tokens: 15e12, target_days: 30, search: true, search_top_k: 5 } },
  { ...W3, training: { target_days: 1e-3 } }, // a target no layout reaches: gpus_needed null
  { ...W3, reliability: { gpu_mtbf_h: '9 years', storage_bw_per_node_Bps: '2 GB/s', checkpoint_interval_s: 3600 } },
  { model: 'ResNet50', hardware: 'A100', mode: 'training', batch_size: 256, cluster: { gpus: 8 } },
  { model: 'Mixtral_8x7B', hardware: 'H100', mode: 'training', batch_size: 64, cluster: { gpus: 16, ep: 8 } },
  { model: 'Llama3_8B', hardware: 'H100', mode: 'serving', batch_size: 16, serving: { speculative: { gamma: 4 } },
    traffic: { arrival_rate: 2, slo_p99_s: 5 }, site: { region: 'Quebec', carbon_intensity_marginal: '400 gCO2e/kWh' } },
  { model: 'Llama3_8B', hardware: 'H100', mode: 'serving', batch_size: 64, traffic: { arrival_rate: 1000 } }, // unstable
  { model: 'Llama3_8B', hardware: 'H100', precision: 'int4' },
  { model: 'ResNet50', hardware: 'A100', precision: 'int8', traffic: { arrival_rate: 50 } },
  { model: 'BERT_Large', hardware: 'T4' },
  { model: { type: 'generic', name: 'tiny', params: 1e6, flops_per_sample: 2e6 }, hardware: 'A100' },
];

test('every result the engine gives (fixtures and one scenario per section) type-checks as a Result literal', async (t) => {
  if (skip) return t.skip(skip);
  const { createMlsysim } = await import(pathToFileURL(join(pkgDir, 'engine.js')).href);
  const sim = await createMlsysim();
  const scenarios = [...(await fixtures()).map((f) => f.scenario), ...SECTIONS];
  const lines = ["import type { Result, ErrorResult, CollectiveResult, Catalog } from 'mlsysim-wasm';"];
  const sections = new Set();
  scenarios.forEach((s, i) => {
    const r = sim.solve(s);
    if (r.ok) for (const k of Object.keys(r)) sections.add(k);
    lines.push(`export const r${i}: ${r.ok ? 'Result' : 'ErrorResult'} = ${JSON.stringify(r)};`);
  });
  for (const k of ['serving', 'training', 'reliability', 'energy', 'cost', 'queueing', 'quantization']) assert.ok(sections.has(k), `a scenario covers ${k}`);
  lines.push(`export const c0: CollectiveResult = ${JSON.stringify(sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100' }))};`);
  lines.push(`export const c1: CollectiveResult = ${JSON.stringify(sim.collective({ op: 'p2p', bytes: 1e6, gpus: 2 }))};`);
  lines.push(`export const catalog: Catalog = ${JSON.stringify(sim.catalog())};`);
  await writeFile(join(dir, 'contract.ts'), lines.join('\n') + '\n');
  const r = await typecheck(['contract.ts']);
  assert.equal(r.code, 0, `index.d.ts does not cover the engine's output:\n${r.text.slice(0, 4000)}`);

  // The check can fail: a field the declarations do not have is an error where it appears.
  const bad = sim.solve(SECTIONS[0]);
  bad.training.not_declared_s = 1;
  await writeFile(join(dir, 'contract-bad.ts'), `${lines[0]}\nexport const bad: Result = ${JSON.stringify(bad)};\n`);
  const rb = await typecheck(['contract-bad.ts']);
  assert.notEqual(rb.code, 0);
  assert.ok(rb.errors.some((e) => e.message.includes('not_declared_s') && e.message.includes("'Training'")), rb.text.slice(0, 2000));
});
