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
  // §I failures and checkpoints: a number in the engine key's unit (h, s, B/s) or a unit string
  // ('9 years', '7 min', '2 GB/s') that the engine converts — and judges, with its own message.
  ['mtbf_gpu', 'gpu_mtbf', 'name'],
  ['mtbf_nic', 'nic_mtbf', 'name'],
  ['mtbf_link', 'link_switch_mtbf', 'name'],
  ['mtbf_host', 'host_mtbf', 'name'],
  ['mtbf_sw', 'software_mtbf', 'name'],
  ['restart', 'restart', 'name'],
  ['ckpt_bw', 'storage_bw', 'name'],
  ['ckpt_every', 'checkpoint_interval', 'name'],
  ['ckpt_bpp', 'checkpoint_bytes_per_param', 'number'],
];

/** Page-scenario field → engine path (cluster.* / training.*). */
export const FLEET_PATHS = {
  gpus: 'cluster.gpus', gpus_per_node: 'cluster.gpus_per_node', tp: 'cluster.tp', pp: 'cluster.pp', dp: 'cluster.dp',
  cp: 'cluster.cp', ep: 'cluster.ep', microbatches: 'cluster.microbatches', virtual_stages: 'cluster.virtual_stages',
  zero: 'cluster.zero', recompute: 'cluster.recompute', fabric: 'cluster.fabric', tokens: 'training.tokens',
  target_days: 'training.target_days',
  gpu_mtbf: 'reliability.gpu_mtbf_h', nic_mtbf: 'reliability.nic_mtbf_h', link_switch_mtbf: 'reliability.link_switch_mtbf_h',
  host_mtbf: 'reliability.host_mtbf_h', software_mtbf: 'reliability.software_mtbf_h', restart: 'reliability.restart_s',
  storage_bw: 'reliability.storage_bw_per_node_Bps', checkpoint_interval: 'reliability.checkpoint_interval_s',
  checkpoint_bytes_per_param: 'reliability.checkpoint_bytes_per_param',
};

/** A quantity as the engine takes it: a plain number stays a number (in the key's unit), text stays text. */
const SIGNED_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
export const engineQuantity = (v) => (typeof v === 'string' && SIGNED_RE.test(v.trim()) ? Number(v) : v);

/**
 * Adds the training inputs the page scenario `s` sets (mode training only) to the engine scenario
 * `out`, nested by their engine paths (cluster.*, training.*, reliability.*). Used by the page and
 * the embeds alike, so one link sends the same scenario from both.
 */
export function addFleet(out, s) {
  if (s?.mode !== 'training') return out;
  const blocks = { cluster: { ...(out.cluster ?? {}) } };
  for (const [field, path] of Object.entries(FLEET_PATHS)) {
    const v = s[field];
    if (v === undefined || v === null || v === '') continue;
    const [block, key] = path.split('.');
    (blocks[block] ??= {})[key] = engineQuantity(v);
  }
  for (const [block, obj] of Object.entries(blocks)) if (Object.keys(obj).length) out[block] = obj;
  return out;
}

// The engine's catalog() lists no fabrics (yet): the names of catalogs/fabrics.json. A name the
// engine does not know still reaches it (from a URL), and its error suggests the right one.
export const FABRICS = [
  ['InfiniBand_HDR', 'InfiniBand HDR (200 Gb/s)'], ['InfiniBand_NDR', 'InfiniBand NDR (400 Gb/s)'],
  ['InfiniBand_XDR', 'InfiniBand XDR (800 Gb/s)'], ['InfiniBand_GXDR', 'InfiniBand GXDR (1.6 Tb/s)'],
  ['RoCE_100G', 'RoCE v2 100 GbE'], ['RoCE_400G', 'RoCE v2 400 GbE'],
  ['Ethernet_10G', '10 GbE (TCP)'], ['Ethernet_100G', '100 GbE (TCP)'], ['Ethernet_400G', '400 GbE (TCP)'],
  ['Ethernet_800G', '800 GbE (TCP)'], ['Ethernet_1P6T', '1.6 TbE (TCP)'],
];

const NUMBER_RE = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+]?\d+)?$/i;

/** Parse a 'number' URL value (a non-negative decimal, e.g. 120, 0.5, 15e12); undefined when not one. */
export function parseNumber(raw) {
  const v = String(raw).trim();
  return NUMBER_RE.test(v) ? Number(v) : undefined;
}
