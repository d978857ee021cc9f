// A typed consumer of the package (tests/package/types.test.mjs type-checks it with tsc --strict):
// a scenario object literal, solve(), the ok/error union narrowed, and result fields read with
// their types. It is compiled, not run.
import { createMlsysim, type Scenario, type Result, type ErrorResult, type Bottleneck } from 'mlsysim-wasm';

const sim = await createMlsysim();

const serving: Scenario = {
  model: 'Llama3_70B',
  hardware: 'H100',
  mode: 'serving',
  precision: 'bf16',
  batch_size: 32,
  seq_len: 4096,
  cluster: { tp: 8 },
  traffic: { arrival_rate: 5, slo_p99_s: 2 },
  site: { region: 'Quebec', years: 5 },
};

const r: Result | ErrorResult = sim.solve(serving);
if (!r.ok) {
  const where: string = r.error.path;
  const why: string = r.error.message;
  console.log(where, why);
} else {
  const bound: Bottleneck = r.performance.bottleneck;
  const latency: number = r.performance.latency_s;
  const ttft: number | undefined = r.serving?.ttft_s;
  const p99: number | null | undefined = r.queueing?.p99_s;
  const tco: number | undefined = r.cost?.tco_usd;
  const fits: boolean = r.memory.fits;
  const kv: number | undefined = r.memory.breakdown.kv_cache;
  console.log(bound, latency, ttft, p99, tco, fits, kv, r.warnings.length, r.explain[0]?.equation);
}

const training: Scenario = {
  model: 'Llama3_70B',
  hardware: 'H100',
  mode: 'training',
  batch_size: 1024,
  seq_len: 8192,
  cluster: { gpus: 1024, tp: 8, pp: 4, zero: 1, recompute: 'selective', fabric: 'InfiniBand_NDR' },
  training: { tokens: 15e12, target_days: 30 },
  reliability: { gpu_mtbf_h: '9 years', restart_s: 420, storage_bw_per_node_Bps: '2 GB/s' },
};
const t = sim.solve(training);
if (t.ok && t.training) {
  const step: number = t.training.step_time_s;
  const perGpu: number | undefined = t.training.tokens_per_s_per_gpu;
  const needed: number | null | undefined = t.training.gpus_needed;
  const goodput: number | undefined = t.reliability?.goodput;
  const schedule: string = t.training.layout.schedule;
  console.log(step, perGpu, needed, goodput, schedule);
}

const c = sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, algorithm: 'ring' });
if (c.ok) console.log(c.collective.busbw_Bps, c.collective.alternatives?.tree_s);

const s = sim.sweep(serving, 'batch_size', [1, 2, 4]);
if (s.ok) console.log(s.latency_s[0], s.ttft_s?.[0]);
console.log(sim.catalog().hardware.map((d) => d.name));
