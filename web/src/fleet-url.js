// URL keys of the training/fleet inputs (mode training): readable names, written only when set.
// [URL key, page-scenario field, type]; url-state.js places them before `cfg` (which stays last).
// Absent = the engine's default (dp derived from GPUs, compute-optimal token budget, …).
export const FLEET_KEYS = [
  ['gpus', 'gpus', 'count'],
  ['gpn', 'gpus_per_node', 'count'],
  ['pp', 'pp', 'count'],
  ['dp', 'dp', 'count'],
  ['cp', 'cp', 'count'],
  ['ep', 'ep', 'count'],
  ['mb', 'microbatches', 'count'],
  ['vs', 'virtual_stages', 'count'],
  ['zero', 'zero', 'count'],
  ['rc', 'recompute', 'name'],
  ['fabric', 'fabric', 'name'],
  ['tokens', 'tokens', 'number'],
  ['days', 'target_days', 'number'],
];

/** Page-scenario field → engine path (cluster.* / training.*). */
export const FLEET_PATHS = {
  gpus: 'cluster.gpus', gpus_per_node: 'cluster.gpus_per_node', tp: 'cluster.tp', pp: 'cluster.pp', dp: 'cluster.dp',
  cp: 'cluster.cp', ep: 'cluster.ep', microbatches: 'cluster.microbatches', virtual_stages: 'cluster.virtual_stages',
  zero: 'cluster.zero', recompute: 'cluster.recompute', fabric: 'cluster.fabric', tokens: 'training.tokens',
  target_days: 'training.target_days',
};

const NUMBER_RE = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+]?\d+)?$/i;

/** Parse a 'number' URL value (a non-negative decimal, e.g. 120, 0.5, 15e12); undefined when not one. */
export function parseNumber(raw) {
  const v = String(raw).trim();
  return NUMBER_RE.test(v) ? Number(v) : undefined;
}
