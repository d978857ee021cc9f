// The "Site and traffic" inputs (MODELS.md §J, §K, §L): region, years, utilization, optional PUE and
// electricity-price overrides, and the traffic (arrival rate, P99 SLO) that turns on the queueing
// model. Built into the controls form (two <fieldset>s); every value travels in the URL
// (site-state.js) only when set. The engine judges the values: its error (with suggestions) is
// shown right under the field as well as in the page's alert box.
import { html } from './svg.js';
import { formatNumber } from './format.js';
import { SITE_DEFAULTS, SITE_PATHS } from './site-state.js';

// id, scenario field, label, unit, input attributes.
const NUMBER_FIELDS = [
  { id: 'years', field: 'years', label: 'Years', unit: '(hardware life, TCO horizon)', attrs: { min: '0', step: '1' } },
  { id: 'util', field: 'utilization', label: 'Utilization', unit: '(fraction of hours busy, 0–1)', attrs: { min: '0', max: '1', step: '0.05' } },
  { id: 'pue', field: 'pue', label: 'PUE override', unit: '(facility ÷ IT energy)', attrs: { min: '1', step: '0.01' } },
  { id: 'price', field: 'price_per_kwh', label: 'Electricity price', unit: '(USD per kWh)', attrs: { min: '0', step: '0.01' } },
];
const TRAFFIC_FIELDS = [
  { id: 'rate', field: 'arrival_rate', label: 'Arrival rate', unit: '(requests/s)', attrs: { min: '0', step: 'any' } },
  { id: 'slo', field: 'slo_p99_s', label: 'P99 latency target', unit: '(SLO, s)', attrs: { min: '0', step: 'any' } },
];
const ALL = [{ id: 'region', field: 'region', label: 'Region' }, ...NUMBER_FIELDS, ...TRAFFIC_FIELDS];

/** Engine error path → {input, label}: merged into app.js's FIELD map. */
export const SITE_FIELDS = Object.fromEntries(ALL.map((f) => [SITE_PATHS[f.field], { input: `#${f.id}`, label: f.label }]));
/** URL key → engine path (app.js's URL_PARAM_FIELD). */
export const SITE_URL_FIELDS = Object.fromEntries(ALL.map((f) => [f.id === 'region' ? 'region' : f.id, SITE_PATHS[f.field]]));

const byPath = Object.fromEntries(ALL.map((f) => [SITE_PATHS[f.field], f]));
export const isSitePath = (path) => Object.hasOwn(byPath, String(path));

/** The hint that follows an engine error at a site/traffic field. */
export function siteChoicesFor(path, catalog) {
  const f = byPath[path];
  if (!f) return '';
  if (f.field === 'region') return `Known regions: ${(catalog?.regions ?? []).map((r) => r.name).join(', ')}.`;
  if (f.field === 'utilization') return 'Enter a fraction in (0, 1], e.g. 0.8; empty = 0.8.';
  if (f.field === 'pue') return 'Enter a ratio ≥ 1, or leave it empty for the region\'s PUE.';
  if (f.field === 'years') return 'Enter a number of years > 0; empty = 3.';
  if (f.field === 'price_per_kwh') return 'Enter a price ≥ 0; empty = 0.12 USD/kWh.';
  return 'Enter a number > 0, or leave it empty.';
}

const $ = (root, sel) => root.querySelector(sel);
let state = null; // {root, catalog, onChange, get}

function numberField(parent, f) {
  const wrap = html('div', { class: 'field', 'data-field': f.field }, parent);
  const label = html('label', { for: f.id }, wrap, `${f.label} `);
  html('span', { class: 'unit' }, label, f.unit);
  const input = html('input', { id: f.id, name: f.id, type: 'number', inputmode: 'decimal', ...f.attrs }, wrap);
  html('p', { class: 'field-error', id: `${f.id}-error`, hidden: '' }, wrap);
  return input;
}

/** Build the fieldsets into `root` (an element inside the controls form). */
export function initSiteInputs(root, { catalog, get, onChange }) {
  state = { root, catalog, get, onChange };
  root.replaceChildren();
  // Collapsed by default (one Tab stop); opened when the scenario sets any of these or one is wrong.
  const box = html('details', { class: 'site-box', id: 'site-box' }, root);
  html('summary', {}, box, 'Site, cost and traffic');
  const site = html('fieldset', { class: 'llm-fields site-fields', id: 'site-fields' }, box);
  html('legend', {}, site, 'Site, energy and cost');
  const rf = html('div', { class: 'field', 'data-field': 'region' }, site);
  html('label', { for: 'region' }, rf, 'Region');
  const sel = html('select', { id: 'region', name: 'region', 'aria-describedby': 'region-hint' }, rf);
  for (const r of catalog.regions ?? []) {
    html('option', { value: r.name }, sel, `${r.display_name ?? r.name} — ${formatNumber(r.carbon_intensity_g_per_kwh, 3)} g/kWh`);
  }
  html('p', { class: 'hint', id: 'region-hint' }, rf, 'Grid carbon intensity (IEA 2023), PUE and water of the site.');
  html('p', { class: 'field-error', id: 'region-error', hidden: '' }, rf);
  for (const f of NUMBER_FIELDS) numberField(site, f);
  const traffic = html('fieldset', { class: 'llm-fields traffic-fields', id: 'traffic-fields' }, box);
  html('legend', {}, traffic, 'Traffic (queueing)');
  for (const f of TRAFFIC_FIELDS) numberField(traffic, f);
  html('p', { class: 'hint', id: 'traffic-hint' }, traffic, 'Poisson arrivals to the replica; empty = no queueing model.');
  root.addEventListener('input', onInput);
  root.addEventListener('change', onInput);
}

function onInput(e) {
  const t = e.target;
  const f = ALL.find((x) => x.id === t.id);
  if (!f || !state) return;
  e.stopPropagation(); // the page's own handler has nothing to do with these
  const next = { ...state.get() };
  if (f.field === 'region') {
    if (t.value === SITE_DEFAULTS.region) delete next.region;
    else next.region = t.value;
  } else {
    const raw = t.value.trim();
    if (raw === '') {
      if (t.validity?.badInput) return; // mid-edit ("1e", "-"): wait
      delete next[f.field];
    } else {
      const v = Number(raw);
      if (!Number.isFinite(v)) return;
      if (v === SITE_DEFAULTS[f.field]) delete next[f.field];
      else next[f.field] = v;
    }
  }
  const cur = state.get();
  if (ALL.every((x) => cur[x.field] === next[x.field])) return;
  state.onChange(next);
}

/** Show the scenario's values (never overwriting the field being typed in). */
export function showSiteInputs(s) {
  if (!state) return;
  const { root, catalog } = state;
  const sel = $(root, '#region');
  sel.querySelector('optgroup.from-url')?.remove();
  const region = s.region ?? SITE_DEFAULTS.region;
  const known = (catalog.regions ?? []).find((r) => r.name.toLowerCase() === String(region).toLowerCase());
  if (!known) {
    const og = html('optgroup', { label: 'From the URL', class: 'from-url' });
    html('option', { value: region }, og, `${region} (unknown)`);
    sel.prepend(og);
  }
  sel.value = known ? known.name : region;
  if (ALL.some((f) => s[f.field] !== undefined)) $(root, '#site-box').open = true;
  const reg = known ?? (catalog.regions ?? []).find((r) => r.name === SITE_DEFAULTS.region);
  for (const f of [...NUMBER_FIELDS, ...TRAFFIC_FIELDS]) {
    const input = $(root, `#${f.id}`);
    if (f.field === 'pue') input.placeholder = reg?.pue ? `${reg.pue} (region)` : 'region';
    else if (SITE_DEFAULTS[f.field] !== undefined) input.placeholder = String(SITE_DEFAULTS[f.field]);
    else input.placeholder = 'none';
    if (document.activeElement === input && Number(input.value) === s[f.field]) continue;
    if (document.activeElement === input && input.value.trim() === '' && s[f.field] === undefined) continue;
    input.value = s[f.field] === undefined ? '' : String(s[f.field]);
  }
  const training = s.mode === 'training';
  $(root, '#traffic-hint').textContent = training
    ? 'Training has no request traffic: these are kept for the other modes and not sent.'
    : 'Poisson arrivals to the replica; empty = no queueing model.';
  for (const f of TRAFFIC_FIELDS) $(root, `#${f.id}`).disabled = training;
}

/**
 * The engine's error at the field it names (site.* / traffic.*): message with its suggestions and
 * the valid choices, linked to the input (aria-describedby, aria-invalid). Pass null to clear.
 */
export function showSiteErrors(error) {
  if (!state) return;
  const { root, catalog } = state;
  for (const f of ALL) {
    const p = $(root, `#${f.id}-error`);
    const input = $(root, `#${f.id}`);
    const path = SITE_PATHS[f.field];
    if (error && error.path === path) {
      $(root, '#site-box').open = true;
      p.hidden = false;
      p.textContent = `${error.message}. ${siteChoicesFor(path, catalog)}`.replace(/\.\. /, '. ').replace(/\?\. /, '? ');
      input.setAttribute('aria-invalid', 'true');
      const ids = new Set(String(input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      ids.add(p.id);
      input.setAttribute('aria-describedby', [...ids].join(' '));
    } else {
      p.hidden = true;
      p.textContent = '';
      if (f.id === 'region') input.setAttribute('aria-describedby', 'region-hint');
    }
  }
}
