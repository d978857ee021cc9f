// Helpers of the sweeps (no DOM), used by the sweep worker and by the embeds (which solve their few
// points on the main thread): a dotted field path ('cluster.gpus', 'training.search') set on a copy
// of the scenario, the numbers a sweep point carries (the charts and tables draw only these), and
// the base scenario of the scaling sweep.

/** A copy of scenario with the value at a dotted path replaced (objects along the path copied). */
export function setField(scenario, field, value) {
  const path = String(field).split('.');
  const out = { ...scenario };
  let node = out;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    node[k] = node[k] && typeof node[k] === 'object' ? { ...node[k] } : {};
    node = node[k];
  }
  node[path.at(-1)] = value;
  return out;
}

/** The training block of a result, trimmed to what the scaling chart and the search table show. */
export function pickTraining(r) {
  const t = r.training;
  if (!t) return undefined;
  const out = {};
  for (const k of ['step_time_s', 'tokens_per_s', 'tokens_per_s_per_gpu', 'samples_per_s', 'samples_per_s_per_gpu', 'mfu',
    'scaling_efficiency', 'bubble_fraction', 'comm_fraction']) if (Number.isFinite(t[k])) out[k] = t[k];
  if (t.layout) out.layout = t.layout;
  if (t.search) out.search = t.search;
  if (t.search_stats) out.search_stats = t.search_stats;
  return out;
}

/** One sweep point from a result: the fields the charts and tables draw (the whole result is large). */
export function pick(r, x) {
  if (!r.ok) return { x, ok: false, error: r.error };
  const s = r.serving ?? {};
  const perf = r.performance ?? {};
  const out = {
    x, ok: true,
    latency_s: perf.latency_s, throughput_per_s: perf.throughput_per_s, throughput_unit: perf.throughput_unit,
    bottleneck: perf.bottleneck, fits: r.memory?.fits, weights_bytes: r.memory?.breakdown?.weights,
    required_bytes: r.memory?.required_bytes, precision_plan: perf.precision_plan, warnings: r.warnings ?? [],
  };
  for (const k of ['ttft_s', 'itl_s', 'request_latency_s', 'tokens_per_s', 'tokens_per_s_per_gpu']) if (Number.isFinite(s[k])) out[k] = s[k];
  if (r.quantization) out.quantization = r.quantization;
  if (r.training) out.training = pickTraining(r);
  return out;
}

/**
 * The scaling sweep's base scenario: tp, pp and the global batch kept; dp, microbatches and the GPU
 * count left to the engine (the sweep sets cluster.gpus), and no inverse question or search.
 */
export function scalingScenario(sent) {
  const s = structuredClone(sent);
  s.cluster = { ...(s.cluster ?? {}) };
  delete s.cluster.dp;
  delete s.cluster.microbatches;
  delete s.cluster.gpus;
  if (s.training) {
    delete s.training.target_days;
    delete s.training.search;
    if (!Object.keys(s.training).length) delete s.training;
  }
  return s;
}
