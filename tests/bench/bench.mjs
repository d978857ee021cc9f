#!/usr/bin/env node
// Prints the figures of the performance budget (issues 1/6 and 5/6): solve() median time native vs
// wasm with their ratio, per detail level and per phase, and the wasm module's bytes; then the
// page's (page-bench.mjs): transfer bytes, navigation → first result painted in headless Chromium
// (median of 5 cold loads), input → repaint and long tasks while typing. It measures; it asserts nothing.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. solve() native vs wasm, same scenarios, at both detail levels ("full", the default, and
//    "summary"), with the result sizes and where the time goes (parse JSON, parse scenario,
//    physics, write) natively and inside wasm (mlsysim_bench_node, built here on demand).
const gzipOf = (p) => gzipSync(readFileSync(p), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const scenarios = JSON.parse(readFileSync(join(root, 'tests', 'bench', 'scenarios.json'), 'utf8'));
const native = JSON.parse(execFileSync(join(root, 'build', 'native', 'mlsysim_bench')).toString());
let inWasm = null;
try {
  execFileSync('cmake', ['--build', join(root, 'build', 'wasm'), '--target', 'mlsysim_bench_node'], { stdio: 'ignore' });
  inWasm = JSON.parse(execFileSync('node', [join(root, 'build', 'wasm', 'mlsysim_bench_node.cjs'), '500']).toString());
} catch (e) {
  console.log(`(wasm phases skipped: mlsysim_bench_node did not build or run: ${e.message.split('\n')[0]})`);
}
const wasmFile = join(root, 'build', 'wasm', 'mlsysim_wasm.wasm');
console.log(`wasm module: ${kb(statSync(wasmFile).size)} raw, ${kb(gzipOf(wasmFile))} gzip -9 ` +
  '(node tools/wasm-sizes.mjs on a -DMLSYSIM_WASM_PROFILING=ON build says where the bytes go)');
const { default: createModule } = await import(join(root, 'build', 'wasm', 'mlsysim_wasm.js'));
const mod = await createModule({ wasmBinary: readFileSync(wasmFile) });
const utf8 = new TextDecoder();
const us = (s) => `${(s * 1e6).toFixed(1)} µs`;
const phases = (p) => `parse JSON ${us(p.parse_json)}, scenario ${us(p.parse_scenario)}, physics ${us(p.physics)}, ` +
  `write ${us(p.write)}`;
for (const [name, scenario] of Object.entries(scenarios)) {
  for (const detail of ['full', 'summary']) {
    const text = JSON.stringify(detail === 'full' ? scenario : { ...scenario, detail });
    // Timed as the page pays it: the call, decoding the bytes and JSON.parse.
    const solve = () => JSON.parse(utf8.decode(mod.solve(text)));
    for (let i = 0; i < 500; ++i) solve();  // warm the JIT and the catalog
    const samples = [];
    for (let i = 0; i < 2000; ++i) {
      const t0 = performance.now();
      solve();
      samples.push((performance.now() - t0) / 1e3);
    }
    const w = median(samples), n = native[name][detail];
    console.log(`solve ${name} (${detail}, ${kb(native[name][`bytes_${detail}`])} of JSON): native ${us(n)}, ` +
      `wasm ${us(w)}, wasm/native ${(w / n).toFixed(2)} (target wasm ≤ 50 µs)`);
  }
  console.log(`  full solve by phase, native: ${phases(native[name].phases)}`);
  if (inWasm) console.log(`  full solve by phase, wasm (no JS boundary): ${phases(inWasm[name].phases)}`);
}

// 2. The page in headless Chromium: transfer (critical path and in all), navigation → first result
//    (median of 5 cold loads, with its steps), input → visible panels repainted, long tasks while
//    typing (tests/bench/page-bench.mjs).
const { benchPage } = await import('./page-bench.mjs');
await benchPage({ loads: 5 });
