// The object API over the wasm module (DESIGN.md §3 "JavaScript (wasm)"). This file holds no physics:
// it moves JSON text across the boundary and shapes sweep results into typed arrays for charts.
//
//   const sim = await createMlsysim();            // Node too (the .wasm beside it is read from disk)
//   sim.solve({ model: 'ResNet50', hardware: 'A100' })  → result object ({ok:true,…} or {ok:false,error})
//   sim.solve({ …, detail: 'summary' })           → the same without explain, operator tables, curves and
//                                                   region lists: cheaper to redraw (README "Result detail")
//   sim.catalog()                                 → catalog object (parsed once, cached)
//   sim.sweep(scenario, 'batch_size', [1, 2, 4])  → {ok:true, field, values: Float64Array, latency_s, …}
//
// Options are passed through to the Emscripten factory (e.g. { wasmBinary } in Node, where Node 20's
// global fetch breaks Emscripten 3.1.6's loader).
import createMlsysimModule from '../mlsysim_wasm.js';

const toText = (scenario) => (typeof scenario === 'string' ? scenario : JSON.stringify(scenario));
// The module returns UTF-8 bytes (a view into its memory, valid until the next call): decode at once.
const utf8 = new TextDecoder();
const parse = (bytes) => JSON.parse(utf8.decode(bytes));

// Sweep arrays as typed arrays for charts: flags as Uint8Array, numbers as Float64Array.
const FLAGS = new Set(['compute_bound', 'fits']);
const SERIES = ['latency_s', 'throughput_per_s', 'arithmetic_intensity', 'compute_bound', 'fits', 'ttft_s', 'itl_s',
  'tokens_per_s'];
function typed(r, axes) {
  const out = {};
  for (const key of [...axes, ...SERIES]) {
    if (!Array.isArray(r[key])) continue;
    out[key] = FLAGS.has(key) ? Uint8Array.from(r[key], Number) : Float64Array.from(r[key], (v) => v ?? NaN);
  }
  return out;
}

// Node (no window, no worker): read the .wasm beside the module ourselves, since Node 20's global
// fetch breaks Emscripten 3.1.6's loader. Browsers never take this path.
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined' &&
  typeof importScripts !== 'function';

export async function createMlsysim(options = {}) {
  if (isNode && !options.wasmBinary && !options.locateFile && !options.instantiateWasm) {
    const { readFile } = await import('node:fs/promises');
    options = { ...options, wasmBinary: await readFile(new URL('../mlsysim_wasm.wasm', import.meta.url)) };
  }
  const mod = await createMlsysimModule(options);
  let catalog;
  return {
    solve(scenario) {
      return parse(mod.solve(toText(scenario)));
    },
    // One collective's α–β cost (MODELS.md §G), e.g. {op: 'all_reduce', bytes: '1 GB', gpus: 256, algorithm: 'ring'}.
    collective(request) {
      return parse(mod.collective(toText(request)));
    },
    catalog() {
      catalog ??= parse(mod.catalog());
      return catalog;
    },
    // Errors come back as the error object ({ok:false, error:{path, message}}), like solve().
    sweep(scenario, field, values) {
      const r = parse(mod.sweep(toText(scenario), field, Array.from(values, Number)));
      return r.ok ? { ok: true, field: r.field, ...typed(r, ['values']) } : r;
    },
    // A grid over two fields: flat row-major arrays, index = i_x·values_y.length + i_y.
    sweep2d(scenario, fieldX, valuesX, fieldY, valuesY) {
      const r = parse(mod.sweep2d(toText(scenario), fieldX, Array.from(valuesX, Number), fieldY,
        Array.from(valuesY, Number)));
      return r.ok ? { ok: true, field_x: r.field_x, field_y: r.field_y, ...typed(r, ['values_x', 'values_y']) } : r;
    },
  };
}
