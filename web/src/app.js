// The page controller: inputs ⇄ scenario ⇄ URL hash, one synchronous solve per change, then every
// panel and chart redrawn from that one result. Holds no physics and no state beyond the scenario.
import { createMlsysim } from './engine.js';
import { parse, serialize, LLM_DEFAULTS, PRECISIONS, MODES } from './url-state.js';
import { html } from './svg.js';
import './roofline-panel.js';
import './roofline-chart.js';
import './batch-chart.js';

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
};
const URL_PARAM_FIELD = { model: 'model', hw: 'hardware', prec: 'precision', bs: 'batch_size', seq: 'seq_len', out: 'output_len', mode: 'mode' };
const KIND_LABEL = { cnn: 'CNNs', decoder: 'Decoder LLMs', encoder: 'Encoders', generic: 'Other workloads' };
const DEFAULT_PROBE = { model: 'ResNet50', hardware: 'A100' };

let sim;
let catalog;
let scenario;
let urlErrors = [];
let lastHash = '';
let firstPainted = false;
let notice = '';

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

function engineScenario(s) {
  const out = { schema: 1, model: s.model, hardware: s.hardware, mode: s.mode, precision: s.precision, batch_size: s.batch_size };
  const kind = findModel(s.model)?.kind;
  // seq_len/output_len only where they mean something (and only if set; absent = engine default).
  if (kind === undefined || LLM_KINDS.has(kind)) {
    if (s.seq_len !== undefined) out.seq_len = s.seq_len;
    if (s.output_len !== undefined && kind !== 'encoder') out.output_len = s.output_len;
  }
  return out;
}

/** Inputs show the scenario (including names the catalog does not know). */
function showScenario(s) {
  const model = $('#model');
  ensureUnknownOption(model, s.model);
  const m = findModel(s.model);
  model.value = m ? m.name : s.model;
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
    o.disabled = !ok;
    const fallback = ok && native && !native.includes(o.value);
    o.textContent = !ok ? `${o.value} — not on this device` : fallback ? `${o.value} — no native peak (fallback)` : o.value;
  }
  $('#precision').value = s.precision;
  $('#precision-hint').textContent = supported ? `${d.display_name ?? d.name}: ${supported.join(', ')}` : '';
  const bs = $('#batch');
  if (document.activeElement !== bs || Number(bs.value) !== s.batch_size) bs.value = String(s.batch_size);
  const log2 = Math.log2(Math.max(1, s.batch_size));
  $('#batch-slider').value = String(Math.min(Number($('#batch-slider').max), Math.round(log2)));
  $('#batch-slider').setAttribute('aria-valuetext', `batch ${s.batch_size}`);
  const kind = m?.kind;
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
  if (path === 'precision') {
    const d = findDevice(scenario.hardware);
    if (d?.precisions) return `Valid for ${d.display_name ?? d.name}: ${d.precisions.join(', ')}.`;
    return `Valid precisions: ${(catalog.precisions ?? PRECISIONS).join(', ')}.`;
  }
  if (path === 'model') return 'Pick a model from the Model list.';
  if (path === 'hardware') return 'Pick a device from the Device list.';
  if (path === 'mode') return `Valid modes: ${MODES.join(', ')}.`;
  if (path === 'batch_size' || path === 'seq_len' || path === 'output_len') return 'Enter a whole number ≥ 1.';
  return '';
}

/**
 * The engine reports only the first violation. A name the catalog does not know is worth reporting
 * at the same time (with the engine's own suggestions), so probe each unknown name on its own.
 */
function engineErrors(first, sent) {
  const errors = [first];
  const probes = [
    ['model', !findModel(sent.model), { model: sent.model, hardware: findDevice(sent.hardware) ? sent.hardware : DEFAULT_PROBE.hardware }],
    ['hardware', !findDevice(sent.hardware), { model: findModel(sent.model) ? sent.model : DEFAULT_PROBE.model, hardware: sent.hardware }],
  ];
  for (const [path, unknown, scenarioPart] of probes) {
    if (!unknown || errors.some((e) => e.path === path)) continue;
    const r = sim.solve({ schema: 1, ...scenarioPart });
    if (!r.ok && r.error?.path === path) errors.push(r.error);
  }
  // And the first problem among the other fields, with any unknown name stood in by a known one.
  if (!findModel(sent.model) || !findDevice(sent.hardware)) {
    const r = sim.solve({
      ...sent,
      model: findModel(sent.model) ? sent.model : DEFAULT_PROBE.model,
      hardware: findDevice(sent.hardware) ? sent.hardware : DEFAULT_PROBE.hardware,
    });
    if (!r.ok && r.error && !errors.some((e) => e.path === r.error.path)) errors.push(r.error);
  }
  return errors;
}

function showAlerts(engineErrorList) {
  const box = $('#alerts');
  box.replaceChildren();
  clearInvalid();
  const items = [];
  for (const engineError of engineErrorList) {
    const f = FIELD[engineError.path];
    items.push({ field: engineError.path || 'scenario', label: f?.label, message: engineError.message, hint: choicesFor(engineError.path) });
  }
  const engineError = engineErrorList[0];
  for (const e of urlErrors) {
    const field = URL_PARAM_FIELD[e.param];
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
    if (!FIELD[e.path]) return;
    const input = $(FIELD[e.path].input);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `alert-${i}`);
  });
}

function writeHash() {
  const hash = serialize(scenario);
  if (hash !== location.hash) history.replaceState(null, '', hash);
  lastHash = location.hash;
}

function update() {
  showScenario(scenario);
  const sent = engineScenario(scenario);
  let r;
  try {
    r = sim.solve(sent);
  } catch (e) {
    r = { ok: false, error: { path: '', message: `engine failure: ${e?.message ?? e}` } };
  }
  const panel = $('mlsysim-roofline');
  const roof = $('mlsysim-roofline-chart');
  const batch = $('mlsysim-batch-chart');
  if (r.ok) {
    showAlerts([]);
    panel.removeAttribute('stale');
    $('.output').classList.remove('is-stale');
    panel.result = r;
    batch.batch = sent.batch_size;
    roof.result = r;
    batch.result = r;
    $('#scenario-json').textContent = JSON.stringify(sent);
  } else {
    showAlerts(engineErrors(r.error ?? { path: '', message: 'unknown error' }, sent));
    if (panel.result) {
      panel.setAttribute('stale', '');
      $('.output').classList.add('is-stale');
    }
  }
  $('#notice').textContent = notice;
  notice = '';
  writeHash();
  if (!firstPainted && r.ok) {
    firstPainted = true;
    performance.mark('mlsysim:first-result');
  }
  document.body.dataset.state = r.ok ? 'ok' : 'error';
}

function onInput(event) {
  const t = event.target;
  urlErrors = [];
  const next = { ...scenario };
  switch (t.id) {
    case 'model': {
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
        if (field !== 'batch_size' && findModel(next.model)?.kind === 'decoder' && v === LLM_DEFAULTS[field]) delete next[field];
      }
      break;
    }
    default: return;
  }
  scenario = next;
  update();
}

function loadFromHash() {
  const parsed = parse(location.hash);
  scenario = parsed.scenario;
  urlErrors = parsed.errors;
}

function fatal(message) {
  const box = $('#alerts');
  box.hidden = false;
  box.replaceChildren();
  html('p', { class: 'alert-heading' }, box, 'The modeling engine could not start.');
  html('p', {}, box, message);
  document.body.dataset.state = 'fatal';
}

async function main() {
  try {
    performance.mark('mlsysim:start');
    sim = await createMlsysim();
    performance.mark('mlsysim:module-ready');
    catalog = sim.catalog();
  } catch (e) {
    fatal(`${e?.name ?? 'Error'}: ${e?.message ?? e}`);
    return;
  }
  performance.mark('mlsysim:engine-ready');
  buildInputs();
  loadFromHash();
  const form = $('#controls');
  form.addEventListener('input', onInput);
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const [id, delta] of [['#batch-down', -1], ['#batch-up', 1]]) {
    $(id).addEventListener('click', () => {
      urlErrors = [];
      const e = Math.log2(Math.max(1, scenario.batch_size));
      const next = delta > 0 ? 2 ** (Math.floor(e + 1e-9) + 1) : 2 ** Math.max(0, Math.ceil(e - 1e-9) - 1);
      scenario = { ...scenario, batch_size: Math.min(1048576, next) };
      update();
    });
  }
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    loadFromHash();
    update();
  });
  update();
  document.body.dataset.ready = 'true';
}

main();
