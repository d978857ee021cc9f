// Must NOT type-check (tests/package/types.test.mjs): a misspelt result field, a misspelt scenario
// field and a field read before the ok/error union is narrowed. Each line is one expected error.
import { createMlsysim } from 'mlsysim-wasm';

const sim = await createMlsysim();
const r = sim.solve({ model: 'Llama3_8B', hardware: 'H100', batch_sise: 8 }); // EXPECT: batch_sise
console.log(r.performance.latency_s); // EXPECT: performance
if (r.ok) console.log(r.serving?.ttft_ss); // EXPECT: ttft_ss
