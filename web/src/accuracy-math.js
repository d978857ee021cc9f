// Arithmetic of the accuracy report, shared by tools/accuracy-report.mjs (native CLI) and the page's
// accuracy view (wasm engine), so both print the same figures by construction. No physics here: a
// case names a result path and, optionally, one documented conversion of it (TRANSFORMS below); this
// module reads that number, compares it with the measurement and summarizes the errors.

// Dotted path into a result: "serving.ttft_s", "memory.breakdown.weights", and
// "explain[cost.cloud_usd].inputs.cloud_usd_per_gpu_hour" for an explain entry by its quantity.
export function getPath(obj, path) {
  let rest = String(path);
  let cur = obj;
  const ex = /^explain\[([^\]]+)\]\.?/.exec(rest);
  if (ex) {
    cur = Array.isArray(obj?.explain) ? obj.explain.find((e) => e && e.quantity === ex[1]) : undefined;
    rest = rest.slice(ex[0].length);
  }
  for (const key of rest ? rest.split('.') : []) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function num(result, path, what) {
  const v = getPath(result, path);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: result has no finite number at '${path}'`);
  return v;
}

// GPUs of a scenario as its cluster block states them: cluster.gpus, else the product of the degrees.
export function scenarioGpus(scenario) {
  const c = scenario?.cluster ?? {};
  if (Number.isFinite(c.gpus)) return c.gpus;
  return ['tp', 'pp', 'cp', 'dp'].reduce((n, k) => n * (Number.isFinite(c[k]) ? c[k] : 1), 1);
}

// The conversions a case may apply to the number at its path x (documented in tests/accuracy/README.md).
export const TRANSFORMS = {
  times_peak: (x, { result }) => x * num(result, 'device.peak_flops', 'times_peak'),  // utilization → FLOP/s per GPU
  times_gpus: (x, { scenario }) => x * scenarioGpus(scenario),                         // per-job time → GPU-time
  per_gpu: (x, { scenario }) => x / scenarioGpus(scenario),
  times: (x, { t }) => x * t.factor,
  count_in: (x, { t }) => t.duration_s / x,                                            // MTBF → events in a window
  ratio: (x, { result, t }) => x / num(result, t.of, 'ratio'),
  sum: (x, { result, t }) => t.paths.reduce((s, p) => s + num(result, p, 'sum'), 0),
  // A quantity accumulated over the modeled run, rescaled to the duration the source states.
  at_duration: (x, { result, t }) => x * t.duration_s / num(result, t.time_path, 'at_duration'),
  at_gpu_hours: (x, { result, scenario, t }) =>
    x * (t.gpu_hours * 3600) / (scenarioGpus(scenario) * num(result, t.time_path, 'at_gpu_hours')),
};

/** The predicted number of a case from its result (throws if the path or transform cannot be applied). */
export function predict(c, result) {
  const t = typeof c.predict.transform === 'string' ? { name: c.predict.transform } : (c.predict.transform ?? null);
  const x = num(result, c.predict.path, c.id);
  if (!t) return x;
  const f = TRANSFORMS[t.name];
  if (!f) throw new Error(`${c.id}: unknown transform '${t.name}'`);
  const v = f(x, { result, scenario: c.scenario, t });
  if (!Number.isFinite(v)) throw new Error(`${c.id}: transform '${t.name}' gave a non-finite value`);
  return v;
}

export const signedError = (predicted, measured) => (predicted - measured) / measured;

// Quantile by linear interpolation between order statistics (numpy's default): q·(n−1) is the rank.
export function quantile(values, q) {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return null;
  const r = q * (xs.length - 1);
  const lo = Math.floor(r);
  const hi = Math.ceil(r);
  return xs[lo] + (xs[hi] - xs[lo]) * (r - lo);
}
export const median = (values) => quantile(values, 0.5);

function stats(rows) {
  const abs = rows.map((r) => Math.abs(r.error));
  return { n: rows.length, median_abs: median(abs), p90_abs: quantile(abs, 0.9) };
}

/**
 * Per-category and overall error figures over rows {category, kind, error}. Rows without an error
 * (not modeled) are left out. "overall" covers model predictions only; input checks (catalog values
 * and defaults compared with a measurement) are summarized apart and also count in their category.
 */
export function summarize(rows, categoryOrder = []) {
  const scored = rows.filter((r) => Number.isFinite(r.error));
  const names = [...new Set([...categoryOrder, ...scored.map((r) => r.category)])]
    .filter((c) => scored.some((r) => r.category === c));
  return {
    categories: names.map((category) => ({ category, ...stats(scored.filter((r) => r.category === category)) })),
    overall: stats(scored.filter((r) => r.kind === 'prediction')),
    input_checks: stats(scored.filter((r) => r.kind === 'input_check')),
  };
}

/** A copy of a scenario with efficiency fields set (the global fit's only knob; never per case). */
export function withEfficiency(scenario, efficiency) {
  return { ...scenario, efficiency: { ...(scenario.efficiency ?? {}), ...efficiency } };
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The scenario with a patch merged in (objects merge key by key, everything else replaces). */
export function applyPatch(scenario, patch) {
  const out = { ...scenario };
  for (const [k, v] of Object.entries(patch ?? {})) out[k] = isObject(v) && isObject(out[k]) ? applyPatch(out[k], v) : v;
  return out;
}

/**
 * Secondary points of a case: the same scenario with a small documented patch, compared with another
 * figure of the same source. Reported beside the table, never counted in the error statistics.
 */
export function secondaryCases(c) {
  return (c.secondary ?? []).map((s, i) => ({
    id: `${c.id}.${i + 1}`, parent: c.id, label: s.label, note: s.note, category: c.category, kind: c.kind,
    measured: s.measured, predict: s.predict ?? c.predict, scenario: applyPatch(c.scenario, s.scenario_patch),
  }));
}

/**
 * Runs every case through solve(scenario) → result object and returns one row per case.
 * A case whose scenario is invalid or whose path is missing is a defect of the case: the row carries
 * `defect` with the reason (callers decide how loudly to fail).
 */
export function evaluate(cases, solve, efficiency = null) {
  return cases.map((c) => {
    const row = { id: c.id, category: c.category, kind: c.kind, measured: c.measured.value, unit: c.measured.unit };
    if (c.parent) Object.assign(row, { parent: c.parent, label: c.label });
    if (c.kind === 'not_modeled') return { ...row, status: 'not_modeled', reason: c.reason };
    const scenario = efficiency ? withEfficiency(c.scenario, efficiency) : c.scenario;
    const result = solve(scenario);
    if (!result || result.ok !== true) {
      return { ...row, status: 'defect', defect: `scenario rejected: ${JSON.stringify(result?.error ?? result)}` };
    }
    try {
      const predicted = predict(c, result);
      return { ...row, status: 'ok', predicted, error: signedError(predicted, c.measured.value) };
    } catch (e) {
      return { ...row, status: 'defect', defect: e.message };
    }
  });
}

// The report-only global fit: one η_c and one η_m for every case, on a grid inside the bands of
// MODELS.md §C.1 (η_c 0.45–0.75, η_m 0.65–0.90), scored over the model predictions of the
// performance categories by the sum of squared log errors (a factor 2 high costs what a factor 2
// low costs).
export const FIT = {
  categories: ['inference_throughput', 'llm_serving', 'training_throughput', 'training_time'],
  grid: {
    compute: [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75],
    memory: [0.65, 0.7, 0.75, 0.8, 0.85, 0.9],
  },
  defaults: { compute: 0.6, memory: 0.8 },
};

export const fitCases = (cases) => cases.filter((c) => c.kind === 'prediction' && FIT.categories.includes(c.category));

export function fitScore(rows) {
  return rows.reduce((s, r) => s + Math.log1p(r.error) ** 2, 0);
}

/** Every grid point in a fixed order (η_c outer, η_m inner): the node tool and the page walk the same list. */
export function fitPoints() {
  const out = [];
  for (const compute of FIT.grid.compute) for (const memory of FIT.grid.memory) out.push({ compute, memory });
  return out;
}

/** The best point of scored grid points [{point, score}]: lowest score, ties to the earlier point. */
export function bestPoint(scored) {
  return scored.reduce((best, s) => (best === null || s.score < best.score ? s : best), null);
}

/**
 * Facts about a fitted point against the defaults: which categories' median or p90 |error| get
 * better or worse, and whether the point sits on the edge of its band. `clear` = nothing worse,
 * something better, and no parameter on a band edge — the bar for changing a default.
 */
export function fitVerdict(before, after, best) {
  const tol = 1e-9;
  const better = [];
  const worse = [];
  for (const b of before.categories) {
    const a = after.categories.find((c) => c.category === b.category);
    if (!a) continue;
    for (const k of ['median_abs', 'p90_abs']) {
      if (a[k] < b[k] - tol) better.push(`${b.category} ${k === 'median_abs' ? 'median' : 'p90'}`);
      else if (a[k] > b[k] + tol) worse.push(`${b.category} ${k === 'median_abs' ? 'median' : 'p90'}`);
    }
  }
  const edges = Object.entries(FIT.grid)
    .filter(([k, g]) => best[k] === g[0] || best[k] === g[g.length - 1])
    .map(([k]) => `efficiency.${k}`);
  return { better, worse, on_band_edge: edges, clear: worse.length === 0 && better.length > 0 && edges.length === 0 };
}
