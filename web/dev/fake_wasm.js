// A hand-written stand-in for build/wasm/mlsysim_wasm.js (the Emscripten ES module), for front-end
// development before the real wasm core exists. NOT shipped: tools/build-web.mjs copies it only with
// --fake. It mimics the module's surface (solve/catalog/sweep taking and returning JSON text) and the
// result shape of the contract; its numbers follow MODELS.md §C (aggregate CNN form, crude LLM form)
// closely enough for W1 (ResNet-50 / A100) but it is NOT the engine: the real core is the truth.

const PRECISIONS = ['fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4', 'int4'];
const BYTES = { fp32: 4, tf32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, fp4: 0.5, int4: 0.5 };
const GiB = 2 ** 30;

const HARDWARE = [
  { name: 'A100', display_name: 'NVIDIA A100', category: 'Cloud', aliases: ['A100_80GB'], dispatch_tax: 15e-6,
    flops: { fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12 }, bw: 2039e9, cap: 80 * GiB },
  { name: 'H100', display_name: 'NVIDIA H100', category: 'Cloud', aliases: ['H100_SXM'], dispatch_tax: 10e-6,
    flops: { fp32: 67e12, tf32: 494.5e12, bf16: 989e12, fp16: 989e12, fp8: 1979e12, int8: 1979e12 }, bw: 3350e9, cap: 80 * GiB },
  { name: 'H200', display_name: 'NVIDIA H200', category: 'Cloud', aliases: [], dispatch_tax: 10e-6,
    flops: { fp32: 67e12, tf32: 494.5e12, bf16: 989e12, fp16: 989e12, fp8: 1979e12, int8: 1979e12 }, bw: 4800e9, cap: 131 * GiB },
  { name: 'B200', display_name: 'NVIDIA B200', category: 'Cloud', aliases: [], dispatch_tax: 8e-6,
    flops: { bf16: 2250e12, fp16: 2250e12, fp8: 4500e12, fp4: 9000e12, int4: 9000e12 }, bw: 8000e9, cap: 192 * GiB },
  { name: 'T4', display_name: 'NVIDIA T4', category: 'Cloud', aliases: [], dispatch_tax: 30e-6,
    flops: { fp16: 65e12, int8: 130e12 }, bw: 320e9, cap: 16 * GiB },
  { name: 'MI300X', display_name: 'AMD MI300X', category: 'Cloud', aliases: [], dispatch_tax: 12e-6,
    flops: { fp32: 163.4e12, bf16: 1307e12, fp16: 1307e12, fp8: 2614e12, int8: 2614e12 }, bw: 5300e9, cap: 192 * GiB },
  { name: 'JetsonOrinNano', display_name: 'NVIDIA Jetson Orin Nano', category: 'Edge', aliases: [], dispatch_tax: 200e-6,
    flops: { fp16: 10e12, int8: 20e12 }, bw: 68e9, cap: 8e9 },
  { name: 'iPhone15Pro', display_name: 'iPhone 15 Pro (A17 Pro)', category: 'Mobile', aliases: [], dispatch_tax: 1e-3,
    flops: { fp16: 35e12 }, bw: 51.2e9, cap: 8 * GiB },
  { name: 'MacBookM3Max', display_name: 'MacBook Pro (M3 Max)', category: 'Workstation', aliases: [], dispatch_tax: 50e-6,
    flops: { fp32: 14.2e12, fp16: 14.2e12 }, bw: 400e9, cap: 128 * GiB },
  { name: 'ESP32_S3', display_name: 'ESP32-S3 (AI)', category: 'Tiny', aliases: [], dispatch_tax: 1e-3,
    flops: { int8: 0.5e9 }, bw: 80e6, cap: 4e6 },
];

// kind: cnn | encoder | decoder. F_s per sample (CNN), A_s activation bytes per sample (fp16).
const MODELS = [
  { name: 'ResNet50', display_name: 'ResNet-50', kind: 'cnn', params: 25.6e6, layers: 50, F_s: 8.2e9, A_s: 34.0e6 },
  { name: 'ResNet18', display_name: 'ResNet-18', kind: 'cnn', params: 11.7e6, layers: 18, F_s: 3.6e9, A_s: 12e6 },
  { name: 'MobileNetV2', display_name: 'MobileNetV2', kind: 'cnn', params: 3.5e6, layers: 53, F_s: 0.6e9, A_s: 30e6 },
  { name: 'BERT_Base', display_name: 'BERT-Base', kind: 'encoder', params: 110e6, layers: 12, h: 768, seq: 512 },
  { name: 'BERT_Large', display_name: 'BERT-Large', kind: 'encoder', params: 340e6, layers: 24, h: 1024, seq: 512 },
  { name: 'GPT2_Small', display_name: 'GPT-2 Small (124M)', kind: 'decoder', params: 124e6, layers: 12, h: 768, kvh: 768 },
  { name: 'Llama3_8B', display_name: 'Llama-3.1-8B', kind: 'decoder', params: 8.03e9, layers: 32, h: 4096, kvh: 1024 },
  { name: 'Llama3_70B', display_name: 'Llama-3.1-70B', kind: 'decoder', params: 70.6e9, layers: 80, h: 8192, kvh: 1024 },
];

const lower = (s) => String(s).toLowerCase();
function findEntry(list, name) {
  const n = lower(name);
  return list.find((e) => lower(e.name) === n || (e.aliases ?? []).some((a) => lower(a) === n));
}
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
function suggest(list, name) {
  return list
    .map((e) => [editDistance(lower(name), lower(e.name)), e.name])
    .sort((x, y) => x[0] - y[0])
    .slice(0, 2)
    .map((x) => x[1])
    .join(', ');
}
const err = (path, message) => ({ schema: 1, ok: false, error: { path, message } });

function isCount(v) {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

// One aggregate roofline pass: F FLOPs, Y bytes.
function pass(F, Y, dev, prec, layers) {
  const eta_c = 0.6 * (BYTES[prec] <= 1 ? 0.75 : 1);
  const Pg = dev.flops[prec] * eta_c;
  const BWe = dev.bw * 0.8;
  const tc = F / Pg;
  const tm = Y / BWe;
  const overhead = layers * 1e-5 + dev.dispatch_tax;
  return { F, Y, tc, tm, t: Math.max(tc, tm) + overhead, overhead, Pg, BWe };
}

function evaluate(model, dev, prec, B, S, nOut) {
  const bw = BYTES[prec];
  const ba = Math.max(2, bw);
  if (model.kind === 'cnn') {
    const p = pass(B * model.F_s, model.params * bw + 2 * B * model.A_s * (ba / 2), dev, prec, model.layers);
    return { ...p, scope: 'pass', unit: 'samples/s', work: B, flops_model: p.F };
  }
  if (model.kind === 'encoder') {
    const T = B * S;
    const F = 2 * model.params * T + 4 * model.layers * model.h * T * S;
    const Y = model.params * bw + 12 * model.layers * T * model.h * ba;
    const p = pass(F, Y, dev, prec, model.layers);
    return { ...p, scope: 'pass', unit: 'samples/s', work: B, flops_model: F };
  }
  // decoder: prefill + (nOut-1) decode steps at mean context
  const kvPerTok = 2 * model.layers * model.kvh * ba;
  const pf = pass(2 * model.params * B * S, model.params * bw + 10 * model.layers * B * S * model.h * ba + B * S * kvPerTok, dev, prec, model.layers);
  const ctx = S + nOut / 2;
  const dc = pass(2 * model.params * B + 4 * model.layers * model.h * B * ctx, model.params * bw + B * ctx * kvPerTok, dev, prec, model.layers);
  const n = nOut - 1;
  const t = pf.t + 3e-3 + n * dc.t;
  return {
    F: pf.F + n * dc.F, Y: pf.Y + n * dc.Y, tc: pf.tc + n * dc.tc, tm: pf.tm + n * dc.tm, t,
    overhead: pf.overhead + 3e-3 + n * dc.overhead, Pg: pf.Pg, BWe: pf.BWe,
    scope: 'generation', unit: 'tokens/s', work: B * nOut, flops_model: pf.F + n * dc.F,
    ttft: pf.t + 3e-3, itl: dc.t, kvPerTok, decode: dc,
  };
}

function memoryOf(model, dev, prec, B, S, nOut) {
  const bw = BYTES[prec];
  const weights = model.params * bw;
  let workspace, kv = 0;
  if (model.kind === 'cnn') workspace = 2 * B * model.A_s;
  else workspace = 4 * B * S * model.h * 2;
  if (model.kind === 'decoder') kv = B * (S + nOut) * 2 * model.layers * model.kvh * Math.max(2, bw);
  const reserve = 1e9;
  const required = weights + workspace + kv + reserve;
  const usable = dev.cap * 0.95;
  const perSample = (workspace + kv) / B;
  const maxBatch = Math.max(0, Math.floor((usable - weights - reserve) / perSample));
  return { required_bytes: required, capacity_bytes: dev.cap, usable_bytes: usable, fits: required <= usable,
    max_batch: maxBatch, breakdown: { weights, workspace, kv_cache: kv, reserve } };
}

function solveObj(s) {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return err('', 'scenario must be a JSON object');
  if (s.schema !== undefined && s.schema !== 1) return err('schema', `must equal 1 (got ${JSON.stringify(s.schema)})`);
  if (typeof s.model !== 'string' || !s.model) return err('model', 'is required');
  const model = findEntry(MODELS, s.model);
  if (!model) return err('model', `unknown model '${s.model}'; did you mean ${suggest(MODELS, s.model)}?`);
  if (typeof s.hardware !== 'string' || !s.hardware) return err('hardware', 'is required');
  const dev = findEntry(HARDWARE, s.hardware);
  if (!dev) return err('hardware', `unknown hardware '${s.hardware}'; did you mean ${suggest(HARDWARE, s.hardware)}?`);
  const mode = s.mode ?? 'inference';
  if (!['inference', 'serving', 'training'].includes(mode)) return err('mode', `must be one of inference, serving, training (got '${mode}')`);
  const prec = s.precision ?? 'fp16';
  if (!PRECISIONS.includes(prec)) return err('precision', `must be one of ${PRECISIONS.join(', ')} (got '${prec}')`);
  if (!(prec in dev.flops)) return err('precision', `${dev.display_name} has no ${prec} rate; it supports ${Object.keys(dev.flops).join(', ')}`);
  for (const [k, d] of [['batch_size', 1], ['seq_len', model.seq ?? 2048], ['output_len', 128]]) {
    const v = s[k] ?? d;
    if (typeof v !== 'number') return err(k, `must be a number (got '${v}')`);
    if (!isCount(v)) return err(k, `must be an integer ≥ 1 (got ${v})`);
    if (v > 1048576) return err(k, `must be ≤ 1048576 (got ${v})`);
  }
  const B = s.batch_size ?? 1, S = s.seq_len ?? model.seq ?? 2048, nOut = s.output_len ?? 128;
  const r = evaluate(model, dev, prec, B, S, nOut);
  const mem = memoryOf(model, dev, prec, B, S, nOut);
  const computeBound = r.tc >= r.tm;
  const latency = r.t;
  const sweep = [];
  let crossover = null;
  for (let b = 1; b <= Math.min(4096, Math.max(1, mem.max_batch)) && b <= 1024; b *= 2) {
    const q = evaluate(model, dev, prec, b, S, nOut);
    const m = memoryOf(model, dev, prec, b, S, nOut);
    const cb = (q.decode ?? q).tc >= (q.decode ?? q).tm;
    if (cb && crossover === null) crossover = b;
    sweep.push({ batch: b, latency_s: q.t, throughput_per_s: q.work / q.t, arithmetic_intensity: q.F / q.Y,
      flops: q.F, bytes: q.Y, bottleneck: cb ? 'compute' : 'memory', fits: m.fits });
  }
  // Keep a couple of non-fitting points so the chart shows hollow markers.
  for (let b = (sweep.at(-1)?.batch ?? 1) * 2, extra = 0; b <= 1024 && extra < 2; b *= 2, extra++) {
    const q = evaluate(model, dev, prec, b, S, nOut);
    sweep.push({ batch: b, latency_s: q.t, throughput_per_s: q.work / q.t, arithmetic_intensity: q.F / q.Y,
      flops: q.F, bytes: q.Y, bottleneck: q.tc >= q.tm ? 'compute' : 'memory', fits: false });
  }
  const ai = r.F / r.Y;
  const ridge = r.Pg / r.BWe;
  const peak = dev.flops[prec];
  const overheadFrac = r.overhead / latency;
  const warnings = [];
  if (overheadFrac > 0.5)
    warnings.push(`OVERHEAD_DOMINATED: ${Math.round(overheadFrac * 100)}% of the ${(latency * 1e3).toPrecision(2)} ms latency is fixed per-layer and dispatch overhead; a larger batch amortizes it`);
  if (Math.abs(ai / ridge - 1) < 0.2) warnings.push(`NEAR_RIDGE: intensity ${ai.toFixed(1)} FLOP/B is within 20% of the ridge ${ridge.toFixed(1)} FLOP/B`);
  if (!mem.fits) warnings.push(`DOES_NOT_FIT: needs ${(mem.required_bytes / GiB).toFixed(1)} GiB of ${(mem.usable_bytes / GiB).toFixed(1)} GiB usable`);
  const src = 'MODELS.md §C.4';
  const res = {
    schema: 1, ok: true,
    workload: { name: model.name, display_name: model.display_name, kind: model.kind, params: model.params, active_params: model.params,
      layers: model.layers, flops_per_sample: model.F_s ?? 2 * model.params * S, flops_per_sample_unit: 'sample',
      ...(model.kind === 'decoder' ? { kv_cache_bytes_per_token: r.kvPerTok } : {}) },
    device: { name: dev.name, display_name: dev.display_name, precision: prec, peak_flops: peak, memory_bandwidth: dev.bw, memory_capacity: dev.cap },
    performance: {
      bottleneck: computeBound ? 'compute' : 'memory',
      compute_bound_time_fraction: computeBound ? 1 : 0,
      latency_s: latency, throughput_per_s: r.work / latency, throughput_unit: r.unit, scope: r.scope,
      mfu: r.flops_model / (latency * peak), hfu: r.flops_model / (latency * peak),
      arithmetic_intensity: ai, ridge_point: ridge, ridge_point_peak: peak / dev.bw,
      effective_flops: r.Pg, effective_bandwidth: r.BWe,
      t_compute_s: r.tc, t_memory_s: r.tm, t_comm_s: 0, overhead_s: r.overhead, overhead_fraction: overheadFrac,
      busy_fraction: Math.max(r.tc, r.tm) / latency, flops: r.F, bytes: r.Y, crossover_batch: crossover, sweep,
    },
    memory: mem,
    explain: [
      { quantity: 'performance.bottleneck', equation: 'argmax(Σ_{o: t_c≥t_m} t_o, Σ_{o: t_c<t_m} t_o, t_comm)',
        inputs: { 't_compute': r.tc, 't_memory': r.tm }, units: { 't_compute': 's', 't_memory': 's' }, sources: {}, source: 'MODELS.md §C.5' },
      { quantity: 'performance.latency_s', equation: 't_pass = Σ_o max(F_o/Π_g, Y_o/BW_e) + L·τ_L + τ_S',
        inputs: { 'Σt_o': Math.max(r.tc, r.tm), L: model.layers, 'τ_L': 1e-5, 'τ_S': dev.dispatch_tax },
        units: { 'Σt_o': 's', L: 'layers', 'τ_L': 's', 'τ_S': 's' },
        sources: { 'τ_S': `catalog ${dev.name} dispatch_tax: ${dev.display_name} datasheet`, 'τ_L': 'MODELS.md §C.1 default' }, source: src },
      { quantity: 'performance.throughput_per_s', equation: 'n_dp·B/t_pass', inputs: { B, t_pass: latency, n_dp: 1 },
        units: { B: 'samples', t_pass: 's', n_dp: 'replicas' }, sources: {}, source: 'MODELS.md §C.5' },
      { quantity: 'performance.mfu', equation: 'F_model/(latency·N_rep·Π(p_c))', inputs: { F_model: r.flops_model, latency, N_rep: 1, 'Π(p_c)': peak },
        units: { F_model: 'FLOP', latency: 's', N_rep: 'GPUs', 'Π(p_c)': 'FLOP/s' }, sources: { 'Π(p_c)': `catalog ${dev.name} peak_flops` }, source: 'MODELS.md §C.5' },
      { quantity: 'performance.arithmetic_intensity', equation: 'ΣF/ΣY', inputs: { 'ΣF': r.F, 'ΣY': r.Y }, units: { 'ΣF': 'FLOP', 'ΣY': 'B' }, sources: {}, source: 'MODELS.md §C.5' },
      { quantity: 'performance.ridge_point', equation: 'Π_g/BW_e = Π·η_c/(BW·η_m)', inputs: { 'Π': peak, 'η_c': 0.6, BW: dev.bw, 'η_m': 0.8 },
        units: { 'Π': 'FLOP/s', 'η_c': '', BW: 'B/s', 'η_m': '' }, sources: { 'Π': `catalog ${dev.name} peak_flops`, BW: `catalog ${dev.name} memory.bandwidth`, 'η_c': 'MODELS.md §C.1 default', 'η_m': 'MODELS.md §C.1 default' }, source: 'MODELS.md §C.1' },
      { quantity: 'memory.required_bytes', equation: 'weights + workspace + kv_cache + reserve', inputs: { ...mem.breakdown },
        units: { weights: 'B', workspace: 'B', kv_cache: 'B', reserve: 'B' }, sources: {}, source: 'MODELS.md §D' },
    ],
    warnings,
  };
  if (model.kind === 'decoder') {
    res.serving = { ttft_s: r.ttft, itl_s: r.itl, request_latency_s: latency, tokens_per_s: r.work / latency,
      kv_cache_bytes_per_token: r.kvPerTok, max_batch: mem.max_batch };
  }
  return res;
}

function catalogObj() {
  return {
    hardware: HARDWARE.map((d) => ({ name: d.name, display_name: d.display_name, category: d.category,
      precisions: PRECISIONS.filter((p) => p in d.flops), peak_flops: d.flops.fp16 ?? Object.values(d.flops)[0],
      memory_bandwidth: d.bw, memory_capacity: d.cap, aliases: d.aliases })),
    models: MODELS.map((m) => ({ name: m.name, display_name: m.display_name, kind: m.kind, params: m.params })),
    regions: [{ name: 'Quebec' }, { name: 'Iowa' }],
    precisions: PRECISIONS,
  };
}

function parse(text) {
  try { return JSON.parse(text); } catch (e) { return undefined; }
}

export default async function createMlsysimModule(options = {}) {
  return {
    solve(text) {
      const s = parse(text);
      if (s === undefined) return JSON.stringify(err('', 'invalid JSON'));
      return JSON.stringify(solveObj(s));
    },
    catalog() {
      return JSON.stringify(catalogObj());
    },
    sweep(text, field, values) {
      const s = parse(text);
      if (s === undefined) return JSON.stringify(err('', 'invalid JSON'));
      const out = { ok: true, field, values: [], latency_s: [], throughput_per_s: [], arithmetic_intensity: [], compute_bound: [], fits: [] };
      for (const v of values) {
        const r = solveObj({ ...s, [field]: v });
        if (!r.ok) return JSON.stringify(r);
        out.values.push(v);
        out.latency_s.push(r.performance.latency_s);
        out.throughput_per_s.push(r.performance.throughput_per_s);
        out.arithmetic_intensity.push(r.performance.arithmetic_intensity);
        out.compute_bound.push(r.performance.bottleneck === 'compute' ? 1 : 0);
        out.fits.push(r.memory.fits ? 1 : 0);
      }
      return JSON.stringify(out);
    },
    FAKE: true,
    ...('wasmBinary' in options ? {} : {}),
  };
}
