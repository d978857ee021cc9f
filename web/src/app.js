// The page controller: inputs ⇄ scenario ⇄ URL hash, one solve per change (at most one per frame),
// then every panel and chart redrawn from that one result; sweeps (prompt length, batch, precision,
// and the GPUs needed for a training deadline) run in a Web Worker afterwards. Holds no physics and
// no state beyond the scenario (and the decoded form of a pasted config.json, which the URL carries
// encoded). Only what the first result needs is imported here; the other sections load on demand
// (LAZY below, sections.js).
import { createMlsysim } from './engine.js';
import { createFromModule } from './compiled-engine.js';
import { compileEngine } from './wasm-compile.js';
import { parseState, serialize, serializeState, encodeConfig, decodeConfig, LLM_DEFAULTS, PRECISIONS, MODES } from './url-state.js';
import { FLEET_KEYS } from './fleet-url.js';
import { toEngineScenario } from './scenario.js';
import { html } from './svg.js';
import { setText } from './morph.js';
import { SweepClient } from './sweep-client.js';
import { FABRICS } from './fleet-url.js';
import { createSections, afterPaint, QUIET_MS } from './sections.js';
import { readCatalogListing } from './catalog-listing.js';
import { readDefaultResult } from './default-result.js';
import './common.js';
import './roofline-panel.js';
import './serving-panel.js';
import './memory-panel.js';
import { initOperations, showSiteState, showOperationsPanels, SITE_FIELDS, SITE_URL_FIELDS, isSitePath, siteChoicesFor } from './operations.js';
import { initPredict, loadPredict, predictState, showPredict } from './predict.js';
import './calibrate-panel.js';

const $ = (sel) => document.querySelector(sel);
const LLM_KINDS = new Set(['decoder', 'encoder']);
const FIELD = {
  model: { input: '#model', label: 'Model' },
  hardware: { input: '#hardware', label: 'Device' },
  precision: { input: '#precision', label: 'Precision' },
  batch_size: { input: '#batch', label: 'Batch size' },
  seq_len: { input: '#seq', label: 'Sequence length' },
  output_len: { input: '#out', label: 'Output length' },
  mode: { input: '#mode', label: 'Mode' },
  'cluster.tp': { input: '#tp', label: 'Tensor-parallel GPUs' },
  cfg: { input: '#cfg', label: 'Pasted config.json' },
};
const URL_PARAM_FIELD = { model: 'model', hw: 'hardware', prec: 'precision', bs: 'batch_size', seq: 'seq_len', out: 'output_len', mode: 'mode', tp: 'cluster.tp', cfg: 'cfg' };
Object.assign(FIELD, SITE_FIELDS); // site.* and traffic.* (operations.js)
Object.assign(URL_PARAM_FIELD, SITE_URL_FIELDS);
// Calibration (issue 6/6): the form of <mlsysim-calibrate>, its URL keys calm/calv.
FIELD['calibration'] = FIELD['calibration.metric'] = { input: '#cal-metric', label: 'Measured output' };
FIELD['calibration.measured'] = { input: '#cal-value', label: 'Measured value' };
FIELD['calibration.parameter'] = FIELD['calibration.metric'];
Object.assign(URL_PARAM_FIELD, { calm: 'calibration.metric', calv: 'calibration.measured' });
const CFG_OPTION = '__cfg__';
const PROMPT_LENGTHS = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
/** Engine error paths inside an inline model ('model.hidden_size') belong to the config box. */
const fieldOf = (path) => (scenario?.mode === 'training' ? fleet()?.FLEET_FIELD[path] : undefined) ?? FIELD[path] ?? (String(path).startsWith('model.') && inline ? FIELD.cfg : undefined);
const KIND_LABEL = { cnn: 'CNNs', decoder: 'Decoder LLMs', encoder: 'Encoders', generic: 'Other workloads' };
const DEFAULT_PROBE = { model: 'ResNet50', hardware: 'A100' };

let sim;
let catalog;
let scenario;
let urlErrors = [];
let lastHash = '';
let firstPainted = false;
let notice = '';
let inline = null; // {encoded, text, object}: the pasted config.json the scenario's cfg refers to
let sweeps = null; // SweepClient, created at the first sweep
let wasmModule = null; // the compiled engine (boot.js), handed to the sweep worker
let resolveEngine;
const engineReady = new Promise((resolve) => { resolveEngine = resolve; }); // catalog in, inputs built
let sweepTimer = 0;
let cfgSeq = 0;
let lastSent = null; // the scenario last sent to the engine, and its result (what the exports write)
let lastResult = null;
let pinned = null; // {scenario, inline, sent, result}: the pinned scenario A of a comparison

// ---- Sections loaded on demand (sections.js) -----------------------------------------------------
// after: 'paint'  below the fold and shown for most results: requested once the first result is
//                 painted, so they never delay it (offscreen: redrawn at once only when in view);
// solve: true     part of the scenario itself (the training inputs) or drawn above the result (the
//                 comparison): a solve that needs() one waits for its code;
// open: selector  inside a <details> the reader opens.
const LAZY = {
  charts: { load: () => import('./sections/charts.js'), after: 'paint', offscreen: true, show: showCharts },
  details: { load: () => import('./sections/details.js'), after: 'paint', offscreen: true, show: showDetails },
  ops: { load: () => import('./sections/ops.js'), after: 'paint', offscreen: true, show: showOps },
  fleet: { load: () => Promise.all([import('./sections/fleet.js'), engineReady]).then(([m]) => m), solve: true, needed: needsFleet,
    init: initFleetSection, show: (mod, v) => mod.fleetUpdate(v.r, v.r.ok ? forSweeps(v.sent, v.r) : v.sent, v.s) },
  compare: { load: () => import('./sections/compare.js'), solve: true, needed: () => !!pinned, show: showComparePair },
  collective: { load: () => import('./sections/collective.js'), open: '#collective-box', init: initCollective, show: showCollective },
};
const sections = createSections(LAZY);
const fleet = () => sections.get('fleet');
const exporter = () => import('./sections/export.js'); // at the first download
const FLEET_URL_KEYS = new Set(FLEET_KEYS.map(([key]) => key));

/** The training inputs are needed to build the scenario in mode training (and to name their URL keys). */
function needsFleet(s = scenario, a = pinned?.scenario, errors = urlErrors) {
  return s?.mode === 'training' || a?.mode === 'training' || errors.some((e) => FLEET_URL_KEYS.has(String(e.param).replace(/^a\./, '')));
}

function initFleetSection(mod) {
  mod.initFleet({ sim, getScenario: () => scenario, setScenario: (next) => { urlErrors = []; scenario = dropCalibration(next); update(); }, ensureSweeps });
  // Training inputs: their engine paths name their inputs in alerts, their URL keys name them too.
  for (const [path, f] of Object.entries(mod.FLEET_FIELD)) FIELD[path] ??= f; // cluster.tp keeps #tp outside training
  Object.assign(URL_PARAM_FIELD, mod.FLEET_URL_FIELD);
}

function initCollective() {
  // Built with its properties set, then put in the placeholder's place (it reads them when connected).
  const el = document.createElement('mlsysim-collective');
  el.fabrics = FABRICS;
  el.sim = sim;
  el.hardware = lastSent?.hardware ?? scenario.hardware;
  document.querySelector('[data-lazy="collective"]').replaceWith(el);
}

function showCollective(mod, { sent }) {
  $('mlsysim-collective').hardware = sent.hardware;
}

function showCharts(mod, { r, sent }) {
  const roof = $('mlsysim-roofline-chart');
  const batch = $('mlsysim-batch-chart');
  if (r.ok) {
    batch.batch = sent.batch_size;
    roof.result = r;
    batch.result = r;
    scheduleSweeps(forSweeps(sent, r), r);
  }
  const a = comparing(r) ? pinned.result : null;
  if (roof.pinned !== a) roof.pinned = a; // each set redraws
}

function showDetails(mod, { r, sent }) {
  if (!r.ok) return;
  $('mlsysim-operators').result = r;
  scheduleSweeps(forSweeps(sent, r), r);
}

function showOps(mod, { r }) {
  showOperationsPanels(r);
  if (!r.ok && !$('mlsysim-energy')?.result) $('.ops-panels').hidden = true; // nothing to show yet
}

const inlineActive = (s = scenario, inl = inline) => !!(s.cfg && inl && inl.encoded === s.cfg);
/** The kind of the scenario's model: catalog kind, or decoder for a pasted HF config. */
function kindOf(s = scenario, inl = inline) {
  if (s.cfg) return inl?.object?.type === 'generic' ? 'generic' : 'decoder';
  return findModel(s.model)?.kind;
}

const findModel = (name) => catalog.models.find((m) => m.name.toLowerCase() === String(name).toLowerCase());
const findDevice = (name) => {
  const n = String(name).toLowerCase();
  return catalog.hardware.find((d) => d.name.toLowerCase() === n || (d.aliases ?? []).some((a) => a.toLowerCase() === n));
};

function groupedOptions(select, entries, groupKey, groupLabel, order) {
  const groups = new Map();
  for (const e of entries) {
    const k = e[groupKey] ?? 'Other';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || String(a).localeCompare(String(b));
  });
  select.replaceChildren();
  for (const k of keys) {
    const og = html('optgroup', { label: groupLabel(k) }, select);
    for (const e of groups.get(k)) html('option', { value: e.name }, og, e.display_name ?? e.name);
  }
}

/** An option for a name the catalog does not know (from a shared URL), so the select shows the truth. */
function ensureUnknownOption(select, value) {
  select.querySelector('optgroup.from-url')?.remove();
  if ([...select.options].some((o) => o.value === value)) return;
  const og = html('optgroup', { label: 'From the URL', class: 'from-url' });
  html('option', { value }, og, `${value} (unknown)`);
  select.prepend(og);
}

function buildInputs() {
  groupedOptions($('#model'), catalog.models, 'kind', (k) => KIND_LABEL[k] ?? k, ['cnn', 'encoder', 'decoder', 'generic']);
  groupedOptions($('#hardware'), catalog.hardware, 'category', (k) => k, ['Cloud', 'Workstation', 'Edge', 'Mobile', 'Tiny']);
  const prec = $('#precision');
  prec.replaceChildren();
  for (const p of catalog.precisions ?? PRECISIONS) html('option', { value: p }, prec, p);
  const mode = $('#mode');
  mode.replaceChildren();
  // Offer every mode of the schema; the ones this engine version does not model are shown disabled.
  const modeled = new Set(catalog.modes ?? MODES);
  for (const m of MODES) {
    const refused = !modeled.has(m);
    html('option', { value: m, disabled: refused }, mode, refused ? `${m} (not in this version)` : m);
  }
}

function engineScenario(s, inl = inline) {
  const out = toEngineScenario(s, { inlineObject: inlineActive(s, inl) ? inl.object : undefined, kind: kindOf(s, inl) });
  fleet()?.fleetEngine(out, s); // mode training: cluster.* and training.* inputs (fleet-inputs.js)
  return out;
}

/** Inputs show the scenario (including names the catalog does not know). */
function showScenario(s) {
  const model = $('#model');
  const m = s.cfg ? undefined : findModel(s.model);
  if (s.cfg) {
    model.querySelector('optgroup.from-url')?.remove();
    if (![...model.options].some((o) => o.value === CFG_OPTION)) {
      const og = html('optgroup', { label: 'Inline', class: 'from-cfg' });
      html('option', { value: CFG_OPTION }, og, 'Pasted config.json');
      model.prepend(og);
    }
    model.value = CFG_OPTION;
  } else {
    model.querySelector('optgroup.from-cfg')?.remove();
    ensureUnknownOption(model, s.model);
    model.value = m ? m.name : s.model;
  }
  const cfgBox = $('#cfg-box');
  if (s.cfg) cfgBox.open = true;
  const ta = $('#cfg');
  if (document.activeElement !== ta) ta.value = s.cfg ? (inlineActive(s) ? inline.display ?? inline.text : ta.value) : ta.value;
  $('#cfg-clear').hidden = !s.cfg;
  $('#tp').value = String(s.tp ?? 1);
  const hw = $('#hardware');
  const d = findDevice(s.hardware);
  ensureUnknownOption(hw, d ? d.name : s.hardware);
  hw.value = d ? d.name : s.hardware;
  $('#mode').value = s.mode;
  // Precisions the device lists are enabled; the others stay visible but disabled.
  const supported = d?.precisions;
  const native = d?.precision_flops ? Object.keys(d.precision_flops) : null;
  for (const o of $('#precision').options) {
    const ok = !supported || supported.includes(o.value);
    if (o.disabled !== !ok) o.disabled = !ok;
    const fallback = ok && native && !native.includes(o.value);
    setText(o, !ok ? `${o.value} — not on this device` : fallback ? `${o.value} — no native peak (fallback)` : o.value);
  }
  $('#precision').value = s.precision;
  setText($('#precision-hint'), supported ? `${d.display_name ?? d.name}: ${supported.join(', ')}` : '');
  const bs = $('#batch');
  if (document.activeElement !== bs || Number(bs.value) !== s.batch_size) bs.value = String(s.batch_size);
  const log2 = Math.log2(Math.max(1, s.batch_size));
  $('#batch-slider').value = String(Math.min(Number($('#batch-slider').max), Math.round(log2)));
  $('#batch-slider').setAttribute('aria-valuetext', `batch ${s.batch_size}`);
  const kind = kindOf(s);
  const llm = LLM_KINDS.has(kind);
  $('#llm-fields').hidden = !llm;
  $('#out-field').hidden = kind === 'encoder';
  const seq = $('#seq');
  const out = $('#out');
  seq.placeholder = kind === 'encoder' ? 'model default' : String(LLM_DEFAULTS.seq_len);
  out.placeholder = String(LLM_DEFAULTS.output_len);
  if (document.activeElement !== seq) seq.value = s.seq_len ?? (kind === 'encoder' ? '' : String(LLM_DEFAULTS.seq_len));
  if (document.activeElement !== out) out.value = s.output_len ?? String(LLM_DEFAULTS.output_len);
}

function clearInvalid() {
  for (const f of Object.values(FIELD)) {
    const i = $(f.input);
    i.removeAttribute('aria-invalid');
    i.removeAttribute('aria-describedby');
  }
}

function choicesFor(path) {
  if (isSitePath(path)) return siteChoicesFor(path, catalog);
  if (path === 'precision') {
    const d = findDevice(scenario.hardware);
    if (d?.precisions) return `Valid for ${d.display_name ?? d.name}: ${d.precisions.join(', ')}.`;
    return `Valid precisions: ${(catalog.precisions ?? PRECISIONS).join(', ')}.`;
  }
  if (path === 'model') return 'Pick a model from the Model list.';
  if (path === 'hardware') return 'Pick a device from the Device list.';
  if (path === 'mode') return `Valid modes: ${MODES.join(', ')}.`;
  if (path === 'batch_size' || path === 'seq_len' || path === 'output_len') return 'Enter a whole number ≥ 1.';
  if (path === 'cluster.tp') return 'Pick 1 to model one GPU.';
  if (String(path).startsWith('model.') && inline) return 'Fix the pasted config.json (or go back to the Model list).';
  if (String(path).startsWith('calibration')) return 'Fix the measured value, or remove the calibration.';
  return '';
}

/**
 * The engine reports only the first violation. A name the catalog does not know is worth reporting
 * at the same time (with the engine's own suggestions), so probe each unknown name on its own.
 */
function engineErrors(first, sent) {
  const errors = [first];
  const modelKnown = (m) => typeof m === 'object' || !!findModel(m);
  const probes = [
    ['model', !modelKnown(sent.model), { model: sent.model, hardware: findDevice(sent.hardware) ? sent.hardware : DEFAULT_PROBE.hardware }],
    ['hardware', !findDevice(sent.hardware), { model: modelKnown(sent.model) ? sent.model : DEFAULT_PROBE.model, hardware: sent.hardware }],
  ];
  for (const [path, unknown, scenarioPart] of probes) {
    if (!unknown || errors.some((e) => e.path === path)) continue;
    const r = sim.solve({ schema: 1, ...scenarioPart });
    if (!r.ok && r.error?.path === path) errors.push(r.error);
  }
  // And the first problem among the other fields, with any unknown name stood in by a known one.
  if (!modelKnown(sent.model) || !findDevice(sent.hardware)) {
    const r = sim.solve({
      ...sent,
      model: modelKnown(sent.model) ? sent.model : DEFAULT_PROBE.model,
      hardware: findDevice(sent.hardware) ? sent.hardware : DEFAULT_PROBE.hardware,
    });
    if (!r.ok && r.error && !errors.some((e) => e.path === r.error.path)) errors.push(r.error);
  }
  return errors;
}

let alertsClear = false; // no alert shown and no input marked since the last clearing

function showAlerts(engineErrorList) {
  if (alertsClear && !engineErrorList.length && !urlErrors.length && !$('#controls [aria-invalid]')) return; // nothing to undo
  alertsClear = !engineErrorList.length && !urlErrors.length;
  const box = $('#alerts');
  box.replaceChildren();
  clearInvalid();
  const items = [];
  for (const engineError of engineErrorList) {
    const f = fieldOf(engineError.path);
    items.push({ field: engineError.path || 'scenario', label: f?.label, message: engineError.message, hint: choicesFor(engineError.path) });
  }
  const engineError = engineErrorList[0];
  for (const e of urlErrors) {
    const field = FIELD[URL_PARAM_FIELD[e.param]] ? URL_PARAM_FIELD[e.param] : undefined;
    items.push({ field: `URL parameter '${e.param}'`, label: field ? FIELD[field].label : undefined, message: e.message,
      hint: field ? `${choicesFor(field)} The default is used meanwhile.`.trim() : 'It was ignored.' });
  }
  box.hidden = items.length === 0;
  if (!items.length) return;
  const heading = html('p', { class: 'alert-heading' }, box, engineError ? 'This scenario cannot be evaluated:' : 'Some of the link could not be used:');
  heading.id = 'alert-heading';
  const ul = html('ul', {}, box);
  items.forEach((it, i) => {
    const li = html('li', { id: `alert-${i}` }, ul);
    html('strong', {}, li, it.label ? `${it.label} (${it.field})` : it.field);
    html('span', {}, li, `: ${it.message}`);
    if (it.hint) html('span', { class: 'alert-hint' }, li, ` ${it.hint}`);
  });
  engineErrorList.forEach((e, i) => {
    const f = fieldOf(e.path);
    if (!f) return;
    const input = $(f.input);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `alert-${i}`);
  });
}

// The URL follows the scenario once typing pauses (QUIET_MS): history.replaceState costs 1–4 ms,
// which on every keystroke would delay the next one. Copying the link, downloading and leaving the
// page write it first.
let hashQueued = false;
let hashTimer = 0;

function writeHash() {
  hashQueued = true;
  sections.busy('hash', true);
  clearTimeout(hashTimer);
  hashTimer = setTimeout(flushHash, QUIET_MS);
}

function flushHash() {
  clearTimeout(hashTimer);
  if (!hashQueued) return;
  hashQueued = false;
  const hash = serializeState({ scenario, pinned: pinned?.scenario ?? null, ...predictState() });
  if (hash !== location.hash) history.replaceState(null, '', hash);
  lastHash = location.hash;
  if (!$('#share-box').hidden) $('#share-url').value = location.href;
  sections.busy('hash', false);
}

/** The scenario changed: the inputs follow at once, the URL after the frame, the solve at most once per frame. */
function update() {
  showScenario(scenario);
  writeHash();
  const missing = Object.keys(LAZY).filter((name) => LAZY[name].solve && LAZY[name].needed() && !sections.get(name));
  if (missing.length) {
    // The training inputs (or the comparison) first: the solve follows when their code is in.
    Promise.all(missing.map((name) => sections.want(name))).then(() => update(), (e) => {
      showAlerts([{ path: '', message: `part of the page could not be loaded (${e?.message ?? e}); reload the page to try again` }]);
      document.body.dataset.state = 'error';
    });
    return;
  }
  if (!sim) return; // a change before the engine is in (an input, the predict toggle): main() solves it then
  if (solvedThisFrame) {
    solveQueued = true; // coalesced: one solve at the next frame for every change until then
    return;
  }
  solveAndRender();
}

// One solve per frame: a change is solved at once unless a solve already ran since the last frame
// started; the changes that arrive meanwhile (a dragged slider, a held key) wait for the next
// animation frame and are solved once, with the latest scenario.
let solvedThisFrame = false;
let solveQueued = false;

function nextFrame() {
  solvedThisFrame = false;
  if (solveQueued) {
    solveQueued = false;
    solveAndRender();
  }
}

function solveNow(sent) {
  const t0 = firstPainted ? 0 : performance.now();
  try {
    return sim.solve(sent);
  } catch (e) {
    return { ok: false, error: { path: '', message: `engine failure: ${e?.message ?? e}` } };
  } finally {
    if (t0) performance.measure('mlsysim:first-solve', { start: t0 }); // the cold-load steps (tests/bench)
  }
}

/** The scenario without training.target_days: the same result but for the GPUs-needed search. */
function withoutTargetDays(sent) {
  const out = { ...sent, training: { ...sent.training } };
  delete out.training.target_days;
  if (!Object.keys(out.training).length) delete out.training;
  return out;
}

let solveSeq = 0; // the latest solve: a background answer for an older one is dropped
let daysInFlight = false;

function solveAndRender() {
  solvedThisFrame = true;
  requestAnimationFrame(nextFrame);
  const seq = ++solveSeq;
  const sent = engineScenario(scenario);
  // With a training deadline the engine also searches the GPUs needed to meet it (tens of ms): the
  // rest of the result comes from a solve without it, at once; the sweep worker solves the whole
  // scenario and its result replaces this one (the panel says "computing" meanwhile).
  const days = sent.training?.target_days;
  const client = days !== undefined ? ensureSweeps() : null;
  const quick = client && solveNow(withoutTargetDays(sent));
  if (!quick?.ok) {
    if (daysInFlight) sweeps.cancel('days');
    daysInFlight = false;
    sections.busy('days', false);
    render(solveNow(sent), sent); // (an input error is found before any search: fast, and exact)
    return;
  }
  render({ ...quick, training: quick.training && { ...quick.training, target_days: days } }, sent);
  daysInFlight = true;
  sections.busy('days', true);
  client.solve('days', sent).then((res) => {
    if (res.cancelled) return;
    daysInFlight = false;
    sections.busy('days', false);
    if (seq !== solveSeq) return; // a newer solve is on the page
    render(res.result ?? { ok: false, error: { path: '', message: `the background solve failed: ${res.error}` } }, sent);
  });
}

/** Every panel drawn from one result `r` of the engine scenario `sent`. */
function render(r, sent) {
  const t0 = performance.now();
  const panel = $('mlsysim-roofline');
  if (r.ok) {
    showAlerts([]);
    panel.removeAttribute('stale');
    $('.output').classList.remove('is-stale');
    panel.result = r;
    const serving = $('mlsysim-serving');
    serving.batch = sent.batch_size;
    serving.result = r;
    $('mlsysim-memory').result = r;
    for (const f of document.querySelectorAll('.llm-only')) f.hidden = !r.serving;
    lastSent = sent;
    lastResult = r;
  } else {
    showAlerts(engineErrors(r.error ?? { path: '', message: 'unknown error' }, sent));
    if (panel.result) {
      panel.setAttribute('stale', '');
      $('.output').classList.add('is-stale');
    }
    clearTimeout(sweepTimer);
    if (sweeps) for (const c of ['prompt', 'batch', 'quant']) sweeps.cancel(c);
  }
  $('#scenario-json').textContent = JSON.stringify(sent);
  showCalibration(r);
  showSiteState(r, scenario);
  showCompare(r);
  showPredict(r);
  $('#memory-actions').hidden = $('mlsysim-memory').hidden;
  $('#pin').disabled = !r.ok;
  const cfgStatus = $('#cfg-status');
  if (scenario.cfg && inlineActive()) {
    cfgStatus.textContent = r.ok ? `Using the pasted config: ${r.workload.display_name ?? r.workload.name}, ${(r.workload.params / 1e9).toPrecision(3)} B parameters, ${r.workload.layers} layers.`
      : String(r.error?.path).startsWith('model') ? `The engine rejected it: ${r.error.path}: ${r.error.message}` : cfgStatus.textContent;
  }
  $('#notice').textContent = notice;
  notice = '';
  sections.show({ r, sent, s: scenario }); // the loaded sections: charts, breakdowns, training, …
  if (!firstPainted && r.ok) {
    firstPainted = true;
    performance.measure('mlsysim:first-render', { start: t0 });
    performance.mark('mlsysim:first-result');
  }
  if (!belowFoldRequested) {
    belowFoldRequested = true;
    const painted = afterPaint();
    const below = Object.keys(LAZY).filter((name) => LAZY[name].after === 'paint').map((name) => sections.want(name, painted));
    Promise.allSettled(below).then(() => whenIdle(registerServiceWorker)); // the offline copy last
  }
  document.body.dataset.state = r.ok ? 'ok' : 'error';
  performance.clearMarks('mlsysim:rendered'); // one at a time: the timeline would grow with every change
  performance.mark('mlsysim:rendered'); // tests/bench/page-bench.mjs times input → repaint from it
}

let belowFoldRequested = false;
const whenIdle = (fn) => (self.requestIdleCallback ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

// ---- Calibration: one measurement of the reader's own (issue 6/6) --------------------------------

function showCalibration(r) {
  const panel = $('mlsysim-calibrate');
  if (r.ok) panel.result = r;
  panel.calibration = { metric: scenario.calibration_metric, measured: scenario.calibration_measured };
  panel.error = !r.ok && String(r.error?.path).startsWith('calibration') ? r.error.message : null;
}

/** A measurement belongs to the inputs it was taken with: any change to them removes it (returns next). */
function dropCalibration(next) {
  if (next.calibration_metric === undefined && next.calibration_measured === undefined) return next;
  delete next.calibration_metric;
  delete next.calibration_measured;
  notice = 'The calibration was removed: a measurement belongs to the inputs it was taken with.';
  return next;
}

/** Try the measurement first: a value the engine refuses (or cannot reach) stays at the field, nothing else changes. */
function applyCalibration(metric, text) {
  const next = { ...scenario, calibration_metric: metric, calibration_measured: text };
  if (!sim) return { ok: false, message: 'the engine is still loading: apply it again in a moment' };
  let r;
  try {
    r = sim.solve(engineScenario(next));
  } catch (e) {
    return { ok: false, message: `engine failure: ${e?.message ?? e}` };
  }
  if (!r.ok) return { ok: false, message: `${r.error?.path ? `${r.error.path}: ` : ''}${r.error?.message}` };
  if (r.calibration && !r.calibration.reached) return { ok: false, message: r.calibration.note };
  urlErrors = [];
  scenario = next;
  update();
  return { ok: true };
}

/**
 * Sweeps, the search and the scaling chart vary the scenario; the measurement belongs to this one. They
 * get the fitted parameter instead of the calibration block (as the engine's own sweep() does).
 */
function forSweeps(sent, r) {
  if (!sent.calibration) return sent;
  const out = { ...sent };
  delete out.calibration;
  const c = r.calibration;
  if (c?.reached) {
    const [block, key] = c.parameter.split('.');
    out[block] = { ...(out[block] ?? {}), [key]: c.to };
  }
  return out;
}

function clearCalibration() {
  const next = { ...scenario };
  delete next.calibration_metric;
  delete next.calibration_measured;
  scenario = next;
  notice = 'Calibration removed: the efficiencies are the defaults again.';
  update();
}

// ---- Compare: the pinned scenario A beside the current one B -------------------------------------

const comparing = (r) => !!(pinned?.result?.ok && r.ok);

function showCompare(r) {
  const on = comparing(r);
  const box = $('#compare');
  box.hidden = !on;
  $('#unpin').hidden = !pinned;
  $('#pin').textContent = pinned ? 'Pin this as A instead' : 'Pin as A';
  const memory = $('mlsysim-memory');
  const a = on ? pinned.result : null;
  if (memory.pinned !== a) memory.pinned = a; // each set redraws (the roofline chart's: showCharts)
  document.body.dataset.compare = on ? 'on' : 'off';
}

function showComparePair(mod, { r }) {
  if (comparing(r)) $('mlsysim-compare').pair = { a: { result: pinned.result }, b: { result: r } };
}

function pin() {
  if (!lastResult?.ok) return;
  pinned = { scenario: { ...scenario }, inline, sent: lastSent, result: lastResult };
  notice = 'Pinned as A. Change any input to get B; both are compared below and kept in the link.';
  update();
}

function unpin() {
  pinned = null;
  notice = 'Unpinned: no comparison.';
  update();
  $('#pin').focus();
}

// ---- Share and export ----------------------------------------------------------------------------

async function copyLink() {
  flushHash();
  const box = $('#share-box');
  const input = $('#share-url');
  const status = $('#share-status');
  input.value = location.href;
  box.hidden = false;
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(location.href);
    status.textContent = 'Link copied. Anyone who opens it sees these numbers.';
    box.dataset.copied = 'true';
  } catch {
    // No clipboard (permission, insecure context): the link is selected for a manual copy.
    input.focus();
    input.select();
    status.textContent = 'This browser did not allow copying: the link above is selected — press Ctrl+C (⌘C on a Mac).';
    box.dataset.copied = 'false';
  }
}

const fileStem = (slug, what) => slug('mlsysim', lastSent && (typeof lastSent.model === 'string' ? lastSent.model : lastResult?.workload?.name),
  lastSent?.hardware, lastSent && `bs${lastSent.batch_size}`, lastSent?.precision, what);

async function exportJson() {
  flushHash();
  if (!lastResult?.ok) return;
  const { download, slug } = await exporter();
  const doc = { schema: 1, url: location.href, scenario: lastSent, result: lastResult };
  if (pinned?.result?.ok) doc.pinned = { scenario: pinned.sent, result: pinned.result };
  download(new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' }), `${fileStem(slug, 'result')}.json`);
}

async function exportCsv(which) {
  const { download, recordsToCsv, slug } = await exporter();
  if (which === 'batch') {
    const sweep = lastResult?.performance?.sweep;
    if (!sweep?.length) return;
    download(new Blob([recordsToCsv(sweep, ['batch'])], { type: 'text/csv' }), `${fileStem(slug, 'batch-sweep')}.csv`);
    return;
  }
  const chart = which === 'prompt' ? $('#prompt-chart') : $('#batch-latency-chart');
  const fig = which === 'prompt' ? '#fig-prompt' : '#fig-batch-latency';
  const d = chart.data;
  if (!d?.points?.length) {
    statusOf(fig).textContent = ' The sweep has not finished yet.';
    return;
  }
  const field = d.field;
  const rows = d.points.map(({ x, ...p }) => ({ [field]: x, ...p, error: p.error?.message }));
  download(new Blob([recordsToCsv(rows, [field, 'ok'])], { type: 'text/csv' }), `${fileStem(slug, `${which}-sweep`)}.csv`);
}

async function onExportClick(e) {
  const b = e.target.closest('button[data-chart], button[data-csv]');
  if (!b) return;
  if (b.dataset.csv) { exportCsv(b.dataset.csv); return; }
  const svg = document.querySelector(`${b.dataset.chart} svg.chart`);
  if (!svg) return;
  b.disabled = true;
  try {
    const { exportChart, slug } = await exporter();
    await exportChart(svg, fileStem(slug, b.dataset.name), b.dataset.format);
  } finally {
    b.disabled = false;
  }
}

function registerServiceWorker() {
  // Offline after the first visit: only on http(s), only a worker from this page's own origin.
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const url = new URL('../sw.js', import.meta.url);
  if (url.origin !== location.origin) return;
  navigator.serviceWorker.register(url, { scope: new URL('../', import.meta.url).pathname }).catch(() => {});
}

// ---- Sweeps in the worker (prompt length, batch, precision) ------------------------------------

function statusOf(fig) {
  return $(`${fig} .sweep-status`);
}

function sweepValues(base, current) {
  return [...new Set([...base, current].filter((v) => Number.isFinite(v) && v >= 1))].sort((a, b) => a - b);
}

function scheduleSweeps(sent, r) {
  clearTimeout(sweepTimer);
  // Debounced: typing a number fires one sweep when the typing pauses; stale ones are cancelled.
  sweepTimer = setTimeout(() => runSweeps(sent, r), 120);
}

function ensureSweeps() {
  if (sweeps) return sweeps;
  try {
    sweeps = new SweepClient({ module: wasmModule });
    sweeps.ready.catch((e) => {
      for (const st of document.querySelectorAll('.sweep-status')) st.textContent = `Background sweeps are unavailable: ${e.message}`;
    });
  } catch (e) {
    for (const st of document.querySelectorAll('.sweep-status')) st.textContent = `Background sweeps are unavailable: ${e?.message ?? e}`;
  }
  return sweeps;
}

function runChartSweep(channel, chart, fig, sent, r, field, values) {
  const unit = field === 'batch_size' ? 'batch sizes' : 'prompt lengths';
  const meta = { workload: r.workload.display_name ?? r.workload.name, device: r.device.display_name ?? r.device.name };
  const current = { x: field === 'batch_size' ? sent.batch_size : sent.seq_len ?? LLM_DEFAULTS.seq_len, ttft_s: r.serving.ttft_s, itl_s: r.serving.itl_s };
  // Engines that put ttft/itl in the batch sweep already answered: no worker needed.
  const ps = r.performance?.sweep ?? [];
  if (field === 'batch_size' && ps.length && ps.every((p) => Number.isFinite(p.ttft_s) && Number.isFinite(p.itl_s))) {
    chart.data = { ok: true, field, current, ...meta, points: ps.map((p) => ({ x: p.batch, ok: true, ttft_s: p.ttft_s, itl_s: p.itl_s, fits: p.fits, bottleneck: p.bottleneck })) };
    statusOf(fig).textContent = '';
    return;
  }
  const client = ensureSweeps();
  if (!client) return;
  const st = statusOf(fig);
  const got = [];
  chart.progress = { done: 0, total: values.length };
  st.textContent = ` Computing ${values.length} ${unit}…`;
  client.request(channel, sent, field, values, (msg) => {
    got.push(msg.point);
    chart.progress = { done: msg.done, total: msg.total };
    st.textContent = ` Computing ${msg.done}/${msg.total} ${unit}…`;
  }).then((res) => {
    if (res.cancelled) return;
    chart.progress = null;
    if (res.error) { st.textContent = ` The sweep failed: ${res.error}`; return; }
    chart.data = { ok: true, field, current, ...meta, points: res.points };
    const bad = res.points.filter((p) => !p.ok);
    st.textContent = bad.length ? ` ${bad.length} of ${res.points.length} ${unit} could not be evaluated (${bad[0].error?.message}).` : '';
    document.body.dataset[`sweep${channel[0].toUpperCase()}${channel.slice(1)}`] = 'done';
  });
}

function runSweeps(sent, r) {
  // Each sweep feeds a section loaded after the first paint (its chart or table must be defined).
  if (r.serving && sections.get('charts')) {
    runChartSweep('prompt', $('#prompt-chart'), '#fig-prompt', sent, r, 'seq_len', sweepValues(PROMPT_LENGTHS, sent.seq_len ?? LLM_DEFAULTS.seq_len));
    const batches = (r.performance?.sweep ?? []).map((p) => p.batch);
    runChartSweep('batch', $('#batch-latency-chart'), '#fig-batch-latency', sent, r, 'batch_size',
      sweepValues(batches.length ? batches : [1, 2, 4, 8, 16, 32, 64, 128, 256], sent.batch_size));
  }
  const details = sections.get('details');
  if (!details) return;
  const { QUANT_PRECISIONS, baselineFor } = details;
  const quant = $('mlsysim-quant');
  const client = ensureSweeps();
  if (!client) return;
  // The precision comparison needs a time model; memory-only modes (training, for now) skip it.
  quant.hidden = !r.performance;
  if (!r.performance) {
    document.body.dataset.sweepQuant = 'done';
    return;
  }
  const baseline = baselineFor(findDevice(sent.hardware));
  const precisions = [baseline, ...QUANT_PRECISIONS];
  const data = { baseline, rows: precisions.map((precision) => ({ precision, point: undefined })) };
  quant.data = data;
  quant.progress = { done: 0, total: precisions.length };
  client.request('quant', sent, 'precision', precisions, (msg) => {
    const row = data.rows.find((x) => x.precision === msg.point.x);
    if (row) row.point = msg.point;
    quant.data = data;
    quant.progress = { done: msg.done, total: msg.total };
  }).then((res) => {
    if (res.cancelled) return;
    if (res.points) data.rows = precisions.map((precision, i) => ({ precision, point: res.points[i] }));
    quant.data = data;
    quant.progress = null;
    document.body.dataset.sweepQuant = 'done';
  });
}

// ---- Pasted config.json ------------------------------------------------------------------------

async function onConfigInput(ta) {
  const my = ++cfgSeq;
  const status = $('#cfg-status');
  const text = ta.value.trim();
  ta.removeAttribute('aria-invalid');
  if (!text) {
    status.textContent = '';
    return;
  }
  let object;
  try {
    object = JSON.parse(text); // never eval
  } catch (e) {
    ta.setAttribute('aria-invalid', 'true');
    status.textContent = `Not valid JSON: ${e.message}`;
    return;
  }
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    ta.setAttribute('aria-invalid', 'true');
    status.textContent = 'A config.json is a JSON object ({ … }).';
    return;
  }
  const minified = JSON.stringify(object);
  const encoded = await encodeConfig(minified);
  if (my !== cfgSeq) return; // a newer paste won
  inline = { encoded, text: minified, display: ta.value, object };
  urlErrors = [];
  scenario = dropCalibration({ ...scenario, cfg: encoded });
  update();
}

function clearConfig() {
  cfgSeq++;
  inline = null;
  const next = { ...scenario };
  delete next.cfg;
  scenario = dropCalibration(next);
  $('#cfg').value = '';
  $('#cfg').removeAttribute('aria-invalid');
  $('#cfg-status').textContent = '';
  update();
}

function onInput(event) {
  const t = event.target;
  if (t.id === 'cfg') { onConfigInput(t); return; }
  urlErrors = [];
  const next = { ...scenario };
  switch (t.id) {
    case 'tp': {
      const v = Number(t.value);
      if (v > 1) next.tp = v;
      else delete next.tp;
      break;
    }
    case 'model': {
      if (t.value === CFG_OPTION) return;
      delete next.cfg; // a catalog model replaces the pasted config (the text stays in the box)
      next.model = t.value;
      if (!LLM_KINDS.has(findModel(t.value)?.kind)) { delete next.seq_len; delete next.output_len; }
      break;
    }
    case 'hardware': {
      next.hardware = t.value;
      const d = findDevice(t.value);
      if (d?.precisions && !d.precisions.includes(next.precision)) {
        const pick = ['fp16', 'bf16', 'fp32', 'int8'].find((p) => d.precisions.includes(p)) ?? d.precisions[0];
        if (pick) {
          notice = `${d.display_name ?? d.name} has no ${next.precision}; precision switched to ${pick}.`;
          next.precision = pick;
        }
      }
      break;
    }
    case 'precision': next.precision = t.value; break;
    case 'mode': next.mode = t.value; break;
    case 'batch-slider': next.batch_size = 2 ** Number(t.value); break;
    case 'batch': case 'seq': case 'out': {
      const field = { batch: 'batch_size', seq: 'seq_len', out: 'output_len' }[t.id];
      const raw = t.value.trim();
      if (raw === '') {
        if (field === 'batch_size') return; // mid-edit: wait for a number
        delete next[field];
      } else {
        const v = Number(raw);
        if (!Number.isFinite(v)) return;
        next[field] = v;
        // Writing the decoder default explicitly is the same as leaving it out.
        if (field !== 'batch_size' && kindOf(next) === 'decoder' && v === LLM_DEFAULTS[field]) delete next[field];
      }
      break;
    }
    default: if (!fleet()?.fleetInput(t, next)) return;
  }
  scenario = dropCalibration(next);
  update();
}

async function decodeInline(encoded) {
  const text = await decodeConfig(encoded);
  const object = JSON.parse(text);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) throw new Error('is not a JSON object');
  return { encoded, text, display: JSON.stringify(object, null, 2), object };
}

async function loadFromHash() {
  const parsed = parseState(location.hash);
  urlErrors = parsed.errors;
  loadPredict(parsed, serialize(parsed.scenario));
  if (parsed.scenario.cfg && parsed.scenario.cfg !== inline?.encoded) {
    try {
      inline = await decodeInline(parsed.scenario.cfg);
      const ta = $('#cfg');
      if (document.activeElement !== ta) ta.value = inline.display;
    } catch (e) {
      urlErrors.push({ param: 'cfg', message: `the inline config ${e.message}` });
      delete parsed.scenario.cfg;
    }
  }
  scenario = parsed.scenario;
  pinned = null;
  if (parsed.pinned) {
    let pinInline = null;
    const a = parsed.pinned;
    if (a.cfg) {
      try {
        pinInline = await decodeInline(a.cfg);
      } catch (e) {
        urlErrors.push({ param: 'a.cfg', message: `the pinned scenario's inline config ${e.message}` });
        delete a.cfg;
      }
    }
    if (needsFleet(parsed.scenario, a, urlErrors)) await sections.want('fleet');
    const sent = engineScenario(a, pinInline);
    const result = solveNow(sent);
    if (result.ok) pinned = { scenario: a, inline: pinInline, sent, result };
    else urlErrors.push({ param: 'a.s', message: `the pinned scenario A cannot be evaluated (${result.error?.path}: ${result.error?.message}); it was dropped` });
  }
}

function fatal(message) {
  const box = $('#alerts');
  box.hidden = false;
  box.replaceChildren();
  html('p', { class: 'alert-heading' }, box, 'The modeling engine could not start.');
  html('p', {}, box, message);
  document.body.dataset.state = 'fatal';
}

/** The engine, instantiated from the module compiled by boot.js or here (else loaded by its own loader). */
async function startEngine() {
  const early = self.mlsysimWasm ?? compileEngine(); // boot.js started it, unless the address is bare
  if (early) {
    try {
      const module = await early;
      const engine = await createFromModule(module);
      wasmModule = module;
      return engine;
    } catch {
      // Not compiled early (e.g. the server's MIME type): the engine's own loader below.
    }
  }
  return createMlsysim();
}

/** What needs no engine: the inputs (from the page's catalog listing), and the panels' hooks. */
function setUpInputs() {
  buildInputs();
  const calibrate = $('mlsysim-calibrate');
  calibrate.onApply = applyCalibration;
  calibrate.onClear = clearCalibration;
  initOperations(catalog, () => scenario, (next) => { urlErrors = []; scenario = next; update(); });
  initPredict({ key: () => serialize(scenario), result: () => lastResult, sent: () => lastSent, scenario: () => scenario, update });
}

/** The scenario form: a change updates the scenario at once, and it is solved once the engine is in. */
function listenToForm() {
  const form = $('#controls');
  form.addEventListener('input', onInput);
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const [id, delta] of [['#batch-down', -1], ['#batch-up', 1]]) {
    $(id).addEventListener('click', () => {
      urlErrors = [];
      const e = Math.log2(Math.max(1, scenario.batch_size));
      const next = delta > 0 ? 2 ** (Math.floor(e + 1e-9) + 1) : 2 ** Math.max(0, Math.ceil(e - 1e-9) - 1);
      scenario = dropCalibration({ ...scenario, batch_size: Math.min(1048576, next) });
      update();
    });
  }
}

/**
 * An address with no scenario: the inputs show the default scenario, and its result from the build
 * is shown, before the engine is in (false when the page has no usable block for it).
 */
async function showDefaultResult() {
  await loadFromHash(); // (no scenario, no pinned one: nothing here waits for the engine)
  showScenario(scenario);
  const sent = engineScenario(scenario);
  const r = readDefaultResult(sent);
  if (!r) return false;
  performance.mark('mlsysim:default-result');
  render(r, sent);
  return true;
}

async function main() {
  // What the link needs besides the engine starts loading now, beside it.
  const early = parseState(location.hash);
  if (needsFleet(early.scenario, early.pinned, early.errors)) sections.want('fleet');
  if (early.pinned) sections.want('compare');
  performance.mark('mlsysim:start');
  sections.busy('engine', true); // (tests wait for <body data-pending> to empty before they act)
  // With no scenario in the address, the inputs (from the page's catalog listing) and the first
  // result (the one the build solved) need no engine: they are painted before the engine is even
  // fetched, and an input changed meanwhile is solved once it is in. A link's scenario is read
  // after the engine (a pinned one needs it), which boot.js started fetching at once.
  const listed = readCatalogListing();
  catalog = listed;
  const bare = listed && !location.hash.slice(1);
  let shown = false;
  if (bare) {
    setUpInputs();
    shown = await showDefaultResult();
    listenToForm();
    if (shown) await afterPaint();
  }
  try {
    performance.mark('mlsysim:engine-start');
    sim = await startEngine();
    performance.mark('mlsysim:module-ready');
    performance.measure('mlsysim:wasm-instantiate', 'mlsysim:engine-start', 'mlsysim:module-ready');
    catalog ??= sim.catalog();
  } catch (e) {
    sections.busy('engine', false);
    fatal(`${e?.name ?? 'Error'}: ${e?.message ?? e}`);
    return;
  }
  performance.mark('mlsysim:engine-ready');
  performance.measure('mlsysim:catalog', 'mlsysim:module-ready', 'mlsysim:engine-ready');
  if (!bare) setUpInputs();
  resolveEngine();
  if (!bare) {
    await loadFromHash();
    listenToForm();
  }
  $('#cfg-clear').addEventListener('click', clearConfig);
  $('#copy-link').addEventListener('click', copyLink);
  $('#pin').addEventListener('click', pin);
  $('#unpin').addEventListener('click', unpin);
  $('#export-json').addEventListener('click', exportJson);
  $('.charts').addEventListener('click', onExportClick);
  $('#memory-actions').addEventListener('click', onExportClick);
  initAccuracy();
  window.addEventListener('pagehide', flushHash);
  document.addEventListener('visibilitychange', () => { if (document.hidden) flushHash(); });
  window.addEventListener('hashchange', async () => {
    if (location.hash === lastHash) return;
    await loadFromHash();
    update();
  });
  // Sections inside a <details>: their code loads when it is opened (seen at once, in the same task,
  // rather than at the 'toggle' event queued after it).
  for (const [name, spec] of Object.entries(LAZY)) {
    const box = spec.open && $(spec.open);
    if (!box) continue;
    const open = () => { if (box.open) sections.want(name); };
    new MutationObserver(open).observe(box, { attributes: true, attributeFilter: ['open'] });
    open();
  }
  // The engine's own solve (of the shown default scenario, the same numbers) in a task of its own,
  // not after the engine's start-up in one long one.
  if (shown) await new Promise((resolve) => setTimeout(resolve, 0));
  update();
  sections.busy('engine', false);
  document.body.dataset.ready = 'true';
}

// "How accurate is this?": the accuracy view is loaded (module, cases, solves) only when opened.
function initAccuracy() {
  const box = $('#accuracy-box');
  box.addEventListener('toggle', async () => {
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = 'true';
    try {
      await import('./accuracy-panel.js');
      const view = document.createElement('mlsysim-accuracy');
      view.sim = sim;
      $('#accuracy-slot').append(view);
    } catch (e) {
      html('p', { class: 'stale-note', role: 'alert' }, $('#accuracy-slot'), `The accuracy view could not be loaded: ${e.message}`);
    }
  });
  $('#accuracy-link').addEventListener('click', (e) => {
    e.preventDefault();  // the hash holds the scenario: never navigate to a fragment
    box.open = true;
    box.scrollIntoView({ block: 'start' });
  });
}

main();
