// <mlsysim-accuracy>: how accurate is this? A model card computed live: every case of the public
// validation set (build/web/accuracy-cases.json, assembled by tools/build-web.mjs from
// tests/accuracy/) is solved in this browser with the page's engine, and compared with its published
// measurement: per-category median and p90 absolute error, the case table with sources and
// assumptions, secondary points, where the model is known to be weak, and — on request — the
// report-only global fit of η_c and η_m. The arithmetic is web/src/accuracy-math.js, the same module
// the command-line report (tools/accuracy-report.mjs) uses, so both print the same figures.
// Loaded on demand (dynamic import) when the reader opens "How accurate is this?". Set `.sim`.
import { html } from './svg.js';
import { formatNumber, formatPercent, formatSI, formatTime } from './format.js';
import {
  FIT, bestPoint, evaluate, fitCases, fitPoints, fitScore, fitVerdict, secondaryCases, summarize,
} from './accuracy-math.js';

export const CASES_URL = 'accuracy-cases.json';

/** A measured or predicted figure in its case's unit, rounded for reading (3 significant digits). */
export function formatFigure(x, unit) {
  if (!Number.isFinite(x)) return '—';
  if (unit === 's') return formatTime(x);
  if (unit === 'B' || unit === 'B/s' || unit.startsWith('FLOP/s')) return formatSI(x, unit);
  if (unit === 'fraction (MFU)') return `${formatPercent(x)} MFU`;
  if (unit === 'GPU-s') return `${formatNumber(x / 3600)} GPU-hours`;
  if (unit === 'kg CO2e' && Math.abs(x) >= 1000) return `${formatNumber(x / 1000)} t CO2e`;
  return `${formatNumber(x)} ${unit}`;
}

const signed = (e) => (Number.isFinite(e) ? `${e >= 0 ? '+' : '−'}${formatPercent(Math.abs(e))}` : '—');
const yieldToPage = () => new Promise((r) => setTimeout(r, 0));

// A table with a caption and column headers. Roles are explicit because narrow screens lay the rows
// out as grids (style.css), and a CSS display change must not cost the table its semantics.
// Column headers given as [text, 'num'] are numeric (right-aligned).
function table(parent, caption, head, cls = 'acc-table') {
  const wrap = html('div', { class: 'table-wrap' }, parent);
  const t = html('table', { class: cls, role: 'table' }, wrap);
  html('caption', {}, t, caption);
  const hr = html('tr', { role: 'row' }, html('thead', { role: 'rowgroup' }, t));
  for (const h of head) {
    const [text, kind] = Array.isArray(h) ? h : [h];
    html('th', { scope: 'col', role: 'columnheader', class: kind }, hr, text);
  }
  return html('tbody', { role: 'rowgroup' }, t);
}
const row = (body, attrs = {}) => html('tr', { role: 'row', ...attrs }, body);
const rowHeader = (tr, text) => html('th', { scope: 'row', role: 'rowheader' }, tr, text);
const cell = (tr, attrs, text = null) => html('td', { role: 'cell', ...attrs }, tr, text);

class AccuracyPanel extends HTMLElement {
  sim = null;
  #data = null;
  #rows = null;
  #order = [];

  async connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.setAttribute('aria-busy', 'true');
    const status = html('p', { class: 'hint', role: 'status' }, this, 'Loading the validation cases…');
    try {
      const response = await fetch(CASES_URL, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${CASES_URL}: HTTP ${response.status}`);
      this.#data = await response.json();
      if (!this.sim) throw new Error('no engine was given to the accuracy view');
      this.#order = Object.keys(this.#data.model_card.categories);
      status.textContent = `Solving ${this.#data.cases.length} cases with this page's engine…`;
      await yieldToPage();
      this.#rows = evaluate(this.#data.cases, (s) => this.sim.solve(s));
      this.render();
    } catch (e) {
      status.textContent = `The accuracy view could not be built: ${e.message}`;
      this.dataset.state = 'error';
    } finally {
      this.removeAttribute('aria-busy');
    }
  }

  render() {
    const data = this.#data;
    const rows = this.#rows;
    this.replaceChildren();
    const titleOf = (c) => data.model_card.categories[c]?.title ?? c;
    html('p', { class: 'acc-intro' }, this,
      `${rows.length} published measurements (MLPerf results, papers, vendor documentation), each written as a scenario ` +
      'with the inputs its source states; what the source leaves open is listed as an assumption beside it. ' +
      'Every prediction below was computed just now, in this browser, by the same engine as the page, with the ' +
      'default efficiencies. Signed error = (predicted − measured)/measured.');
    const defects = rows.filter((r) => r.status === 'defect');
    if (defects.length) html('p', { class: 'stale-note', role: 'alert' }, this,
      `${defects.length} case(s) could not be run: ${defects.map((d) => `${d.id} (${d.defect})`).join('; ')}`);

    // Summary per category; the fit below adds its "after" columns.
    const summary = summarize(rows, this.#order);
    html('h3', { class: 'panel-heading' }, this, 'Error by category');
    this.summaryHost = html('div', { class: 'acc-summary-host' }, this);
    this.#fillSummary(summary, null);

    this.#renderFit(summary);

    // The case table.
    html('h3', { class: 'panel-heading' }, this, 'Cases');
    const body = table(this, 'Each case: predicted with the default efficiencies, measured value, signed error, source and assumptions',
      ['Case', ['Predicted', 'num'], ['Measured', 'num'], ['Error', 'num'], 'Source and assumptions'], 'acc-table acc-cases');
    const byId = new Map(data.cases.map((c) => [c.id, c]));
    const rank = (r) => this.#order.indexOf(r.category);
    const sorted = [...rows].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
    for (const r of sorted) this.#caseRow(body, r, byId.get(r.id), titleOf);

    const secondary = evaluate(data.cases.flatMap(secondaryCases), (s) => this.sim.solve(s));
    if (secondary.length) {
      html('h3', { class: 'panel-heading' }, this, 'Secondary points');
      html('p', { class: 'hint' }, this, 'Other figures of the same sources: the case scenario with one documented change. Not counted in the error statistics.');
      const sb = table(this, 'Secondary points: predicted, measured and signed error',
        ['Point', ['Predicted', 'num'], ['Measured', 'num'], ['Error', 'num']], 'acc-table acc-secondary');
      for (const r of secondary) {
        const tr = row(sb, { 'data-id': r.id });
        const th = rowHeader(tr, r.id);
        html('span', { class: 'acc-label' }, th, r.label);
        const note = data.cases.flatMap(secondaryCases).find((c) => c.id === r.id)?.note;
        if (note) html('span', { class: 'acc-note' }, th, note);
        this.#figureCells(tr, r);
      }
    }

    html('h3', { class: 'panel-heading' }, this, 'Where the model is weak');
    const dl = html('dl', { class: 'acc-weak' }, this);
    for (const [key, c] of Object.entries(data.model_card.categories)) {
      html('dt', {}, dl, c.title);
      html('dd', { 'data-category': key }, dl, c.weak);
    }
    this.dataset.state = 'ready';
  }

  #fillSummary(before, after) {
    this.summaryHost.replaceChildren();
    const head = [['Category'], ['Cases', 'num'], ['Median |error|', 'num'], ['p90 |error|', 'num']];
    if (after) head.push(['Median after fit', 'num'], ['p90 after fit', 'num']);
    const body = table(this.summaryHost,
      `Absolute error |predicted − measured|/measured per category: median and 90th percentile (interpolated)${after ? ', with the defaults and after the global fit' : ''}`,
      head, 'acc-table acc-summary');
    const titleOf = (c) => this.#data.model_card.categories[c]?.title ?? c;
    const line = (key, label, b, a) => {
      const tr = row(body, { 'data-category': key, class: key === 'overall' ? 'acc-total' : null });
      rowHeader(tr, label);
      cell(tr, { class: 'num' }, String(b.n));
      const values = [[b.median_abs, 'median'], [b.p90_abs, 'p90']];
      if (after) values.push([a?.median_abs, 'median-after'], [a?.p90_abs, 'p90-after']);
      for (const [v, k] of values) {
        cell(tr, { 'data-key': k, 'data-value': Number.isFinite(v) ? String(v) : null }, Number.isFinite(v) ? formatPercent(v) : '—');
      }
    };
    const afterOf = (cat) => after?.categories.find((c) => c.category === cat);
    for (const c of before.categories) line(c.category, titleOf(c.category), c, afterOf(c.category));
    line('overall', 'All model predictions', before.overall, after?.overall);
    line('input_checks', 'Input checks (catalog values and defaults)', before.input_checks, after?.input_checks);
  }

  // data-label names the column where narrow screens hide the header row (style.css).
  #figureCells(tr, r) {
    const ok = r.status === 'ok';
    cell(tr, { 'data-key': 'predicted', 'data-label': 'Predicted', 'data-value': ok ? String(r.predicted) : null },
      ok ? formatFigure(r.predicted, r.unit) : r.status);
    cell(tr, { 'data-key': 'measured', 'data-label': 'Measured', 'data-value': String(r.measured) }, formatFigure(r.measured, r.unit));
    const err = cell(tr, { 'data-key': 'error', 'data-label': 'Error', 'data-value': ok ? String(r.error) : null, class: 'acc-error' },
      ok ? signed(r.error) : '—');
    if (ok && Math.abs(r.error) > 0.5) err.classList.add('acc-large');
  }

  #caseRow(body, r, c, titleOf) {
    const tr = row(body, { 'data-id': r.id, 'data-kind': r.kind });
    const th = rowHeader(tr, r.id);
    html('span', { class: 'acc-kind' }, th, r.kind === 'input_check' ? `${titleOf(r.category)} · input check` : titleOf(r.category));
    if (r.status === 'not_modeled') {
      cell(tr, { colspan: 3 }, `not modeled: ${r.reason}`);
    } else {
      this.#figureCells(tr, r);
    }
    const src = cell(tr, { class: 'acc-source' });
    html('span', { class: 'acc-what' }, src, c.measured.what);
    html('span', { class: 'acc-cite' }, src, `${c.source} (confidence ${c.confidence})`);
    const d = html('details', { class: 'acc-assumptions' }, src);
    html('summary', {}, d, `Assumptions (${c.assumptions.length})`);
    const ul = html('ul', {}, d);
    for (const a of c.assumptions) html('li', {}, ul, a);
  }

  #renderFit(before) {
    const data = this.#data;
    const box = html('section', { class: 'acc-fit', 'aria-labelledby': 'acc-fit-heading' }, this);
    html('h3', { class: 'panel-heading', id: 'acc-fit-heading' }, box, 'Calibration: one global compute and memory efficiency');
    const subset = fitCases(data.cases);
    const points = fitPoints();
    html('p', {}, box,
      `The defaults are η_c = ${FIT.defaults.compute} (GEMM share of peak FLOP/s) and η_m = ${FIT.defaults.memory} (share of peak ` +
      `memory bandwidth) for every case; no case has a knob of its own. The fit tries ${points.length} pairs inside the ` +
      `documented bands and keeps the one with the least Σ ln²(predicted/measured) over the ${subset.length} ` +
      'performance predictions — a report, not a change of the defaults.');
    const bar = html('div', { class: 'acc-fit-bar' }, box);
    const button = html('button', { type: 'button', class: 'acc-fit-run' }, bar, `Run the fit (${points.length * subset.length + data.cases.length} solves)`);
    const status = html('p', { class: 'hint', role: 'status', 'aria-live': 'polite' }, bar);
    const out = html('div', { class: 'acc-fit-result' }, box);
    button.addEventListener('click', async () => {
      button.disabled = true;
      const scored = [];
      for (const [i, point] of points.entries()) {
        scored.push({ point, score: fitScore(evaluate(subset, (s) => this.sim.solve(s), point)) });
        if (i % 6 === 5) { status.textContent = `${i + 1} of ${points.length} pairs`; await yieldToPage(); }
      }
      const best = bestPoint(scored);
      const after = summarize(evaluate(data.cases, (s) => this.sim.solve(s), best.point), this.#order);
      this.#fillSummary(before, after);
      const nominal = scored.find((s) => s.point.compute === FIT.defaults.compute && s.point.memory === FIT.defaults.memory);
      const v = fitVerdict(before, after, best.point);
      out.replaceChildren();
      const dl = html('dl', { class: 'metrics acc-fit-metrics' }, out);
      const metric = (key, label, text, raw) => {
        const d = html('div', { class: 'metric', 'data-key': key }, dl);
        html('dt', {}, d, label);
        html('dd', { class: 'value', 'data-value': raw === undefined ? null : String(raw) }, d, text);
      };
      metric('compute', 'Best η_c', formatNumber(best.point.compute), best.point.compute);
      metric('memory', 'Best η_m', formatNumber(best.point.memory), best.point.memory);
      metric('score', 'Σ ln² at the defaults → best', `${formatNumber(nominal.score)} → ${formatNumber(best.score)}`, best.score);
      const facts = html('ul', { class: 'acc-verdict' }, out);
      html('li', {}, facts, `Better: ${v.better.join(', ') || 'none'}.`);
      html('li', {}, facts, `Worse: ${v.worse.join(', ') || 'none'}.`);
      html('li', {}, facts, `On a band edge: ${v.on_band_edge.join(', ') || 'no'}. Clear improvement: ${v.clear ? 'yes' : 'no'}.`);
      html('p', { class: 'acc-decision' }, out, `Decision: ${data.model_card.calibration.decision}. ${data.model_card.calibration.why}`);
      status.textContent = 'Fit done: the "after fit" columns above show the errors it would give.';
      this.dataset.fit = 'done';
    });
  }
}

customElements.define('mlsysim-accuracy', AccuracyPanel);
