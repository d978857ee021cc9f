#!/usr/bin/env node
// Prints the figures of the performance budget (issues 1/6 and 5/6): solve() median time native vs
// wasm with their ratio, then the page's (page-bench.mjs): transfer bytes, navigation → first result
// painted in headless Chromium (median of 5 cold loads), input → repaint and long tasks while
// typing. It measures; it asserts nothing.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. solve() native vs wasm, same scenarios.
const scenarios = JSON.parse(readFileSync(join(root, 'tests', 'bench', 'scenarios.json'), 'utf8'));
const native = JSON.parse(execFileSync(join(root, 'build', 'native', 'mlsysim_bench')).toString());
const { default: createModule } = await import(join(root, 'build', 'wasm', 'mlsysim_wasm.js'));
const mod = await createModule({ wasmBinary: readFileSync(join(root, 'build', 'wasm', 'mlsysim_wasm.wasm')) });
const utf8 = new TextDecoder();
for (const [name, scenario] of Object.entries(scenarios)) {
  const text = JSON.stringify(scenario);
  // Timed as the page pays it: the call, decoding the bytes and JSON.parse.
  const solve = () => JSON.parse(utf8.decode(mod.solve(text)));
  for (let i = 0; i < 500; ++i) solve();  // warm the JIT and the catalog
  const samples = [];
  for (let i = 0; i < 2000; ++i) {
    const t0 = performance.now();
    solve();
    samples.push((performance.now() - t0) / 1e3);
  }
  const w = median(samples), n = native[name];
  console.log(`solve ${name}: native ${(n * 1e6).toFixed(1)} µs, wasm ${(w * 1e6).toFixed(1)} µs, ` +
    `wasm/native ${(w / n).toFixed(2)} (target wasm ≤ 50 µs)`);
}

// 2. The page in headless Chromium: transfer (critical path and in all), navigation → first result
//    (median of 5 cold loads, with its steps), input → visible panels repainted, long tasks while
//    typing (tests/bench/page-bench.mjs).
const { benchPage } = await import('./page-bench.mjs');
await benchPage({ loads: 5 });
