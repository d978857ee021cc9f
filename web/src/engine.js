// The object API over the wasm module (DESIGN.md §3 "JavaScript (wasm)"). This file holds no physics:
// it moves JSON text across the boundary and shapes sweep results into typed arrays for charts.
//
//   const sim = await createMlsysim();            // in Node: createMlsysim({ wasmBinary })
//   sim.solve({ model: 'ResNet50', hardware: 'A100' })  → result object ({ok:true,…} or {ok:false,error})
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

export async function createMlsysim(options = {}) {
  const mod = await createMlsysimModule(options);
  let catalog;
  return {
    solve(scenario) {
      return parse(mod.solve(toText(scenario)));
    },
    catalog() {
      catalog ??= parse(mod.catalog());
      return catalog;
    },
    // Errors come back as the error object ({ok:false, error:{path, message}}), like solve().
    sweep(scenario, field, values) {
      const r = parse(mod.sweep(toText(scenario), field, Array.from(values, Number)));
      if (!r.ok) return r;
      return {
        ok: true,
        field: r.field,
        values: Float64Array.from(r.values),
        latency_s: Float64Array.from(r.latency_s),
        throughput_per_s: Float64Array.from(r.throughput_per_s),
        arithmetic_intensity: Float64Array.from(r.arithmetic_intensity),
        compute_bound: Uint8Array.from(r.compute_bound, Number),
        fits: Uint8Array.from(r.fits, Number),
      };
    },
  };
}
