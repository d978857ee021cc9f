// Helpers the sweep worker uses for training scenarios (no DOM): a dotted field path
// ('cluster.gpus', 'training.search') set on a copy of the scenario, and the training numbers a
// sweep point carries (the scaling chart and the layout search draw only these).

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
