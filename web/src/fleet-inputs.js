// Training (fleet) inputs and panels, driven by app.js in mode "training": the <fieldset> of
// cluster/training inputs (GPUs, GPUs per node, tp, pp, dp, cp, ep, microbatches, virtual stages,
// ZeRO, recompute, fabric, token budget, target days), the engine's error shown at its field, the
// training/reliability panels, the scaling sweep and the layout search in the sweep worker. app.js
// loads this module when the page first needs it (mode training). The §I reliability inputs (component MTBFs, restart time, checkpoint
// storage bandwidth and interval) sit in a "Failures and checkpoints" group of the same fieldset and
// take unit strings ('9 years', '7 min', '2 GB/s'), which the engine converts and judges. The scenario (and so the URL) holds only the values the user set;
// everything absent is the engine's default, and the hints say what the engine used.
import { html } from './svg.js';
import { FABRICS, FLEET_KEYS, FLEET_PATHS, addFleet } from './fleet-url.js';
import { scalingScenario } from './fleet-pick.js';
import { formatNumber, formatRate, formatTime, formatSI } from './format.js';
import { SCALING_GPUS } from './scaling-chart.js';
import { layoutText, formatCount } from './training-panel.js';
import './training-panel.js';
import './reliability-panel.js';
import './goodput-chart.js';
import './search-panel.js';

export { FABRICS };

const $ = (sel) => document.querySelector(sel);

// field: page-scenario key; kind: count | number | select | quantity (text: a number or a unit string);
// group 'rel': the failures-and-checkpoints group; unit: the label's unit line.
export const INPUTS = [
  { field: 'gpus', id: 't-gpus', label: 'GPUs', kind: 'count', placeholder: 'tp·pp·cp·dp', wide: true },
  { field: 'gpus_per_node', id: 't-gpn', label: 'Per node', kind: 'count', placeholder: 'default', title: 'GPUs per node' },
  { field: 'tp', id: 't-tp', label: 'Tensor (tp)', kind: 'count', placeholder: '1' },
  { field: 'pp', id: 't-pp', label: 'Pipeline (pp)', kind: 'count', placeholder: '1' },
  { field: 'dp', id: 't-dp', label: 'Data (dp)', kind: 'count', placeholder: 'derived' },
  { field: 'cp', id: 't-cp', label: 'Context (cp)', kind: 'count', placeholder: '1' },
  { field: 'ep', id: 't-ep', label: 'Expert (ep)', kind: 'count', placeholder: '1' },
  { field: 'microbatches', id: 't-mb', label: 'Microbatches', kind: 'count', placeholder: 'derived' },
  { field: 'virtual_stages', id: 't-vs', label: 'Virtual stages', kind: 'count', placeholder: '1' },
  { field: 'zero', id: 't-zero', label: 'ZeRO stage', kind: 'select', options: [['', 'default'], ['0', '0'], ['1', '1'], ['2', '2'], ['3', '3']] },
  { field: 'recompute', id: 't-rc', label: 'Recompute', kind: 'select', options: [['', 'default'], ['none', 'none'], ['selective', 'selective'], ['full', 'full']] },
  { field: 'fabric', id: 't-fabric', label: 'Fabric (between nodes)', kind: 'select', options: [['', 'default'], ...FABRICS], wide: true },
  { field: 'tokens', id: 't-tokens', label: 'Token budget', kind: 'number', placeholder: 'compute-optimal', wide: true },
  { field: 'target_days', id: 't-days', label: 'Target days', kind: 'number', placeholder: 'none', wide: true },
  { field: 'gpu_mtbf', id: 't-mtbf-gpu', label: 'GPU MTBF', kind: 'quantity', group: 'rel', unit: 'per GPU: hours, or e.g. 9 years', placeholder: 'default', wide: true },
  { field: 'host_mtbf', id: 't-mtbf-host', label: 'Host MTBF', kind: 'quantity', group: 'rel', unit: 'per node: hours, or e.g. 6 years', placeholder: 'default', wide: true },
  { field: 'nic_mtbf', id: 't-mtbf-nic', label: 'NIC MTBF', kind: 'quantity', group: 'rel', unit: 'per NIC: hours, or e.g. 300 years', placeholder: 'default', wide: true },
  { field: 'link_switch_mtbf', id: 't-mtbf-link', label: 'Links & switches MTBF', kind: 'quantity', group: 'rel', unit: 'per node: hours, or e.g. 8 years', placeholder: 'default', wide: true },
  { field: 'software_mtbf', id: 't-mtbf-sw', label: 'Software MTBF', kind: 'quantity', group: 'rel', unit: 'per node: hours, or e.g. 5 years', placeholder: 'default', wide: true },
  { field: 'restart', id: 't-restart', label: 'Restart time', kind: 'quantity', group: 'rel', unit: 'per failure: seconds, or e.g. 7 min', placeholder: 'default', wide: true },
  { field: 'storage_bw', id: 't-ckpt-bw', label: 'Checkpoint storage bandwidth', kind: 'quantity', group: 'rel', unit: 'per node: B/s, or e.g. 2 GB/s', placeholder: 'default', wide: true },
  { field: 'checkpoint_interval', id: 't-ckpt-every', label: 'Checkpoint interval', kind: 'quantity', group: 'rel', unit: 'seconds, or e.g. 2 h', placeholder: 'optimal', wide: true },
  { field: 'checkpoint_bytes_per_param', id: 't-ckpt-bpp', label: 'Checkpoint bytes per parameter', kind: 'number', group: 'rel', placeholder: 'default', wide: true },
];
// Fields whose engine default depends on the rest (their hint says what the engine used).
const DERIVED = new Set(['gpus', 'gpus_per_node', 'dp', 'microbatches', 'zero', 'recompute', 'fabric']);
const byId = new Map(INPUTS.map((i) => [i.id, i]));
const byPath = new Map(INPUTS.map((i) => [FLEET_PATHS[i.field], i]));

/** app.js FIELD entries for the engine paths of these inputs (alerts name them and mark them). */
export const FLEET_FIELD = Object.fromEntries(INPUTS.map((i) => [FLEET_PATHS[i.field], { input: `#${i.id}`, label: i.label }]));
/** app.js URL_PARAM_FIELD entries (URL key → engine path). */
export const FLEET_URL_FIELD = Object.fromEntries(FLEET_KEYS.map(([key, field]) => [key, FLEET_PATHS[field]]));

let ctx = null; // {sim, getScenario, setScenario, ensureSweeps}
let scalingTimer = 0;
let scalingKey = '';
let searchKey = '';
let lastSent = null;
let lastResult = null;

const isTraining = (s) => s?.mode === 'training';

/** Adds the training inputs the user set to the engine scenario (mode training only; fleet-url.js). */
export const fleetEngine = addFleet;

/** An input event on one of the training inputs → the next scenario (or null: not ours / mid-edit). */
export function fleetInput(t, next) {
  const spec = byId.get(t.id);
  if (!spec) return null;
  const raw = String(t.value).trim();
  if (raw === '') {
    delete next[spec.field];
    return next;
  }
  if (spec.kind === 'select') {
    next[spec.field] = spec.field === 'zero' ? Number(raw) : raw;
    return next;
  }
  if (spec.kind === 'quantity') {
    // As typed (one space between number and unit); the engine converts it and names what is wrong.
    const text = raw.replace(/\s+/g, ' ');
    next[spec.field] = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : text;
    return next;
  }
  const v = Number(raw);
  if (!Number.isFinite(v)) return null; // mid-edit ('1e'): wait for a number
  next[spec.field] = v;
  if (spec.field === 'tp' && v === 1) delete next.tp; // tp 1 is the default (and the URL leaves it out)
  return next;
}

function buildFieldset() {
  const fs = $('#fleet-fields');
  if (!fs || fs.dataset.built) return;
  fs.dataset.built = 'true';
  const grid = html('div', { class: 'fleet-grid' }, fs);
  // Failures and checkpoints: collapsed until one is set (or wrong), like the site inputs.
  const rel = html('details', { class: 'fleet-rel', id: 'fleet-rel' }, fs);
  html('summary', {}, rel, 'Failures and checkpoints');
  html('p', { class: 'hint' }, rel, 'Empty = the engine\'s default (shown below each field). Times in hours or seconds, or with a unit: 9 years, 7 min, 2 GB/s.');
  const relGrid = html('div', { class: 'fleet-grid' }, rel);
  for (const i of INPUTS) {
    const f = html('div', { class: `field${i.wide ? ' wide' : ''}`, 'data-field': i.field }, i.group === 'rel' ? relGrid : grid);
    const label = html('label', { for: i.id, title: i.title }, f, i.label);
    if (i.unit) html('span', { class: 'unit' }, label, ` (${i.unit})`);
    let input;
    if (i.kind === 'quantity') {
      input = html('input', { id: i.id, name: i.id, type: 'text', inputmode: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: i.placeholder }, f);
    } else if (i.kind === 'select') {
      input = html('select', { id: i.id, name: i.id }, f);
      for (const [v, t] of i.options) html('option', { value: v }, input, t);
    } else {
      input = html('input', { id: i.id, name: i.id, type: 'number', inputmode: 'numeric', min: i.kind === 'count' && i.field !== 'zero' ? 1 : 0,
        step: i.kind === 'count' ? 1 : 'any', placeholder: i.placeholder }, f);
    }
    input.setAttribute('aria-describedby', `${i.id}-hint`);
    html('p', { class: 'hint', id: `${i.id}-hint` }, f);
    html('p', { class: 'field-error', id: `${i.id}-error`, hidden: '' }, f);
  }
}

/** What the engine used for each reliability input (from its explain entries), as hint text. */
function reliabilityUsed(r) {
  const rel = r?.reliability;
  if (!rel) return {};
  const input = (q, sym) => (r.explain ?? []).find((e) => e.quantity === q)?.inputs?.[sym];
  const hours = (v) => (Number.isFinite(v) ? `${formatNumber(v)} h (${formatNumber(v / 8760)} years)` : '');
  const mtbf = (k) => hours(input('reliability.fleet_mtbf_s', k));
  const bw = input('reliability.checkpoint_interval_s', 'storage_bw');
  return {
    gpu_mtbf: mtbf('gpu_mtbf_h'), host_mtbf: mtbf('host_mtbf_h'), nic_mtbf: mtbf('nic_mtbf_h'),
    link_switch_mtbf: mtbf('link_switch_mtbf_h'), software_mtbf: mtbf('software_mtbf_h'),
    restart: formatTime(rel.restart_s),
    storage_bw: Number.isFinite(bw) ? `${formatSI(bw, 'B/s')} per node: a checkpoint writes in ${formatTime(rel.checkpoint_write_s)}` : '',
    checkpoint_bytes_per_param: `${formatNumber(rel.checkpoint_bytes_per_param)} B: ${formatSI(rel.checkpoint_bytes, 'B')} per checkpoint`,
    checkpoint_interval: `${formatTime(rel.checkpoint_interval_s)}${Math.abs(rel.checkpoint_interval_s - rel.checkpoint_interval_optimal_s) <= 1e-9 * rel.checkpoint_interval_optimal_s ? ' (the Young–Daly optimum)' : ''}`,
  };
}

function showInputs(s, r) {
  const L = r?.ok ? r.training?.layout : null;
  const t = r?.ok ? r.training : null;
  const relUsed = r?.ok ? reliabilityUsed(r) : {};
  const relBox = $('#fleet-rel');
  if (relBox && INPUTS.some((i) => i.group === 'rel' && s[i.field] !== undefined)) relBox.open = true;
  for (const i of INPUTS) {
    const input = $(`#${i.id}`);
    const v = s[i.field];
    if (i.kind === 'select') {
      input.querySelector('option.from-url')?.remove();
      const value = v === undefined ? '' : String(v);
      if (![...input.options].some((o) => o.value === value)) html('option', { value, class: 'from-url' }, input, `${value} (unknown)`);
      input.value = value;
    } else if (document.activeElement !== input) {
      input.value = v === undefined ? '' : String(v);
    }
    // What the engine used, when the field was left to it.
    let hint = '';
    if (L) {
      const used = { gpus: L.gpus, gpus_per_node: L.gpus_per_node, tp: L.tp, pp: L.pp, dp: L.dp, cp: L.cp, ep: L.ep, microbatches: L.microbatches,
        virtual_stages: L.virtual_stages, zero: L.zero, recompute: L.recompute, fabric: t.network?.fabric }[i.field];
      if (i.group === 'rel') {
        hint = v === undefined && relUsed[i.field] ? `engine: ${relUsed[i.field]}` : '';
      } else if (i.field === 'tokens') {
        const n = t.tokens ?? t.samples;
        hint = v === undefined ? `compute-optimal (20 per parameter): ${formatRate(n, t.tokens !== undefined ? 'tokens' : 'samples')}` : '';
      } else if (i.field === 'target_days') {
        hint = v === undefined ? 'set one to see the GPUs needed' : '';
      } else if (v === undefined && used !== undefined && DERIVED.has(i.field)) {
        hint = `engine: ${i.field === 'fabric' ? t.network?.fabric_display_name ?? used : typeof used === 'number' ? formatCount(used) : used}`;
      }
    }
    $(`#${i.id}-hint`).textContent = hint;
  }
}

function showFieldError(r) {
  for (const i of INPUTS) {
    const e = $(`#${i.id}-error`);
    e.hidden = true;
    e.textContent = '';
  }
  if (r?.ok || !r?.error) return;
  const spec = byPath.get(r.error.path);
  if (!spec) return;
  if (spec.group === 'rel') $('#fleet-rel').open = true;
  const input = $(`#${spec.id}`);
  const e = $(`#${spec.id}-error`);
  e.hidden = false;
  html('strong', {}, e, r.error.path);
  html('span', {}, e, `: ${r.error.message}`);
  input.setAttribute('aria-invalid', 'true');
  const d = new Set(String(input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  d.add(`${spec.id}-error`);
  d.add(`${spec.id}-hint`);
  input.setAttribute('aria-describedby', [...d].join(' '));
}

function clearAttrs() {
  for (const i of INPUTS) {
    const input = $(`#${i.id}`);
    if (!input) continue;
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', `${i.id}-hint`);
  }
}

// ---- Scaling sweep -------------------------------------------------------------------------------

function runScaling(sent, r) {
  const fig = $('#fig-scaling');
  const chart = $('#scaling-chart');
  const status = fig.querySelector('.sweep-status');
  const cancel = fig.querySelector('.sweep-cancel');
  const client = ctx.ensureSweeps();
  if (!client) return;
  const t = r.training;
  const unit = Number.isFinite(t.tokens_per_s) ? 'tokens/s' : 'samples/s';
  const base = scalingScenario(sent);
  const key = JSON.stringify(base);
  const current = { x: t.layout.gpus, per_gpu: t.tokens_per_s_per_gpu ?? t.samples_per_s_per_gpu, efficiency: t.scaling_efficiency };
  const meta = { unit, workload: r.workload.display_name ?? r.workload.name, device: r.device.display_name ?? r.device.name };
  if (key === scalingKey && chart.data?.points?.length === SCALING_GPUS.length) {
    chart.data = { ...chart.data, current };
    return;
  }
  scalingKey = key;
  const points = [];
  document.body.dataset.sweepScaling = 'running';
  chart.progress = { done: 0, total: SCALING_GPUS.length };
  chart.data = { ok: true, points: [], current, ...meta };
  status.textContent = ` Computing ${SCALING_GPUS.length} GPU counts…`;
  cancel.hidden = false;
  client.request('scaling', base, 'cluster.gpus', SCALING_GPUS, (msg) => {
    points.push(msg.point);
    chart.progress = { done: msg.done, total: msg.total };
    chart.data = { ok: true, points: [...points], current, ...meta };
    status.textContent = ` Computing ${msg.done}/${msg.total} GPU counts…`;
  }).then((res) => {
    if (res.cancelled) return;
    cancel.hidden = true;
    chart.progress = null;
    if (res.error) { status.textContent = ` The sweep failed: ${res.error}`; return; }
    chart.data = { ok: true, points: res.points, current, ...meta };
    const bad = res.points.filter((p) => !p.ok);
    status.textContent = bad.length ? ` Skipped ${bad.map((p) => p.x).join(', ')} GPUs: ${bad[0].error?.message}${bad.length > 1 && bad.at(-1).error?.message !== bad[0].error?.message ? `; ${bad.at(-1).error?.message}` : ''}.` : '';
    document.body.dataset.sweepScaling = 'done';
  });
}

function cancelScaling(note) {
  clearTimeout(scalingTimer);
  const fig = $('#fig-scaling');
  const chart = $('#scaling-chart');
  if (!ctx || fig.querySelector('.sweep-cancel').hidden) return;
  ctx.ensureSweeps()?.cancel('scaling');
  scalingKey = '';
  fig.querySelector('.sweep-cancel').hidden = true;
  const n = chart.data?.points?.length ?? 0;
  chart.progress = null;
  fig.querySelector('.sweep-status').textContent = note ? ` Cancelled: ${n} of ${SCALING_GPUS.length} GPU counts computed.` : '';
  document.body.dataset.sweepScaling = 'cancelled';
}

// ---- Layout search -------------------------------------------------------------------------------

const baseKey = (sent) => {
  const s = structuredClone(sent);
  for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual_stages', 'zero', 'recompute']) delete s.cluster?.[k];
  return JSON.stringify(s);
};

function runSearch() {
  const panel = $('mlsysim-search');
  const client = ctx.ensureSweeps();
  if (!client || !lastSent) return;
  const sent = structuredClone(lastSent);
  sent.training = { ...(sent.training ?? {}) };
  delete sent.training.target_days; // the search ranks layouts; GPUs-needed is not needed for it
  const unit = Number.isFinite(lastResult?.training?.tokens_per_s) ? 'tokens/s' : 'samples/s';
  const key = baseKey(lastSent);
  panel.busy = true;
  document.body.dataset.search = 'running';
  client.request('search', sent, 'training.search', [true]).then((res) => {
    if (res.cancelled) return;
    panel.busy = false;
    const p = res.points?.[0];
    if (res.error || !p?.ok) {
      panel.error = res.error ?? `${p?.error?.path}: ${p?.error?.message}`;
      document.body.dataset.search = 'error';
      return;
    }
    searchKey = key;
    panel.current = lastResult?.training?.layout;
    panel.data = { rows: p.training.search ?? [], stats: p.training.search_stats, unit };
    document.body.dataset.search = 'done';
  });
}

function cancelSearch() {
  const panel = $('mlsysim-search');
  ctx.ensureSweeps()?.cancel('search');
  panel.busy = false;
  panel.clear('Search cancelled.');
  document.body.dataset.search = 'cancelled';
}

function applyLayout(row) {
  const next = { ...ctx.getScenario() };
  for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual_stages', 'zero', 'recompute']) next[k] = row[k];
  if (next.tp === 1) delete next.tp;
  if (next.gpus === undefined) next.gpus = row.gpus;
  ctx.setScenario(next);
  $('#t-gpus')?.focus({ preventScroll: true });
}

// ---- Entry points for app.js ---------------------------------------------------------------------

export function initFleet(options) {
  ctx = options;
  buildFieldset();
  const search = $('mlsysim-search');
  if (search) {
    search.onSearch = runSearch;
    search.onCancel = cancelSearch;
    search.onApply = applyLayout;
  }
  $('#fig-scaling .sweep-cancel')?.addEventListener('click', () => cancelScaling(true));
}

/** After each solve: show or hide the training UI and feed it the result. */
export function fleetUpdate(r, sent, s) {
  if (!ctx) return;
  const training = isTraining(s);
  $('#fleet-fields').hidden = !training;
  const tpField = $('#tp')?.closest('.field');
  if (tpField) tpField.hidden = training; // the fieldset has its own tp input in this mode
  for (const f of document.querySelectorAll('.training-only')) f.hidden = !training;
  clearAttrs();
  if (!training) {
    cancelScaling(false);
    for (const p of ['mlsysim-training', 'mlsysim-reliability']) $(p).result = null;
    return;
  }
  const ok = r.ok && !!r.training;
  showInputs(s, ok ? r : null);
  showFieldError(r);
  const search = $('mlsysim-search');
  if (!ok) {
    // The last valid numbers stay, dimmed with the rest of the output (app.js marks it stale).
    if (!r.ok && $('mlsysim-training').result) return cancelScaling(false);
    $('mlsysim-training').result = null;
    $('mlsysim-reliability').result = null;
    $('#goodput-chart').result = null;
    cancelScaling(false);
    return;
  }
  $('mlsysim-training').result = r;
  $('mlsysim-reliability').result = r;
  $('#goodput-chart').result = r;
  lastSent = sent;
  lastResult = r;
  if (search && !search.busy) {
    if (searchKey && searchKey !== baseKey(sent)) {
      searchKey = '';
      search.clear('');
    } else if (search.data) {
      search.current = r.training.layout;
      search.data = search.data; // re-mark the row in use
    }
  }
  clearTimeout(scalingTimer);
  scalingTimer = setTimeout(() => runScaling(sent, r), 150);
  $('#fig-scaling .fig-current').textContent = `Current: ${formatCount(r.training.layout.gpus)} GPUs, ${layoutText(r.training.layout)}.`;
}
