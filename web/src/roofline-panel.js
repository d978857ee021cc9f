// <mlsysim-roofline>: the numbers that answer "memory- or compute-bound?" for one result, each with
// units, human formatting, an "explain" disclosure built from result.explain, and the warnings that
// concern it. Set `.result` to a Result object; set the `stale` attribute to dim a result that no
// longer matches the inputs. All text goes in through textContent.
import { html } from './svg.js';
import { rebuild } from './morph.js';
import { formatTime, formatRate, formatPercent, formatGiB, formatIntensity, formatSI } from './format.js';
import { splitWarning, explainBlock } from './explain.js';
import { addBand } from './band-format.js';

// Warning code → the metric it sits beside (others go to the general list).
const WARNING_HOME = {
  OVERHEAD_DOMINATED: 'latency',
  NEAR_RIDGE: 'bottleneck',
  MIXED_BOUND: 'bottleneck',
  DOES_NOT_FIT: 'memory',
  OUT_OF_MEMORY: 'memory',
  KV_CAPACITY: 'memory',
  PRECISION_FALLBACK: 'bottleneck',
};

class RooflinePanel extends HTMLElement {
  #result = null;

  static get observedAttributes() {
    return ['stale'];
  }

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    const note = this.querySelector('.stale-note');
    if (note) note.hidden = !this.hasAttribute('stale');
  }

  render() {
    rebuild(this, (root) => this.#build(root));
  }

  #build(root) {
    const r = this.#result;
    const staleNote = html('p', { class: 'stale-note' }, root, 'Showing the last valid result; it does not match the inputs above.');
    staleNote.hidden = !this.hasAttribute('stale');
    if (!r || !r.ok) {
      html('p', { class: 'placeholder' }, root, 'No result yet.');
      return;
    }
    const perf = r.performance;
    if (!perf) {
      // Modes whose time model has not landed yet (training) answer with memory only: say so, with
      // the engine's own warnings, instead of an empty verdict.
      const note = html('div', { class: 'verdict is-none', 'data-metric': 'bottleneck' }, root);
      html('p', { class: 'verdict-label' }, note, 'Memory only');
      html('p', { class: 'verdict-sub' }, note,
        `${r.workload.display_name ?? r.workload.name} on ${r.device.display_name ?? r.device.name}: ` +
        'this version models the memory of this mode; its step time is not modeled yet (see the memory panel).');
      for (const w of (r.warnings ?? []).map(splitWarning)) html('p', { class: 'warning' }, note, `${w.code}: ${w.text}`);
      return;
    }
    const mem = r.memory ?? {};
    const explainFor = (...qs) => (r.explain ?? []).filter((e) => qs.includes(e.quantity));
    const warnings = (r.warnings ?? []).map(splitWarning);
    const placed = new Set();

    // Verdict.
    const bound = perf.bottleneck;
    const verdict = html('div', { class: `verdict is-${bound}`, 'data-metric': 'bottleneck' }, root);
    // elementtiming (on the block: text is timed by its block): the browser reports when the verdict
    // is first on screen (tests/bench/page-bench.mjs).
    const vh = html('p', { class: 'verdict-label', elementtiming: 'first-result' }, verdict);
    html('span', { class: 'value', 'data-value': bound }, vh, `${bound[0].toUpperCase()}${bound.slice(1)}-bound`);
    const sub = html('p', { class: 'verdict-sub' }, verdict);
    const frac = perf.compute_bound_time_fraction;
    html('span', { class: 'fraction', 'data-value': frac }, sub,
      `compute-bound time fraction ${formatPercent(frac)}`);
    if (Number.isFinite(perf.overhead_fraction)) {
      html('span', { class: 'overhead', 'data-value': perf.overhead_fraction }, sub, ` · fixed overhead ${formatPercent(perf.overhead_fraction)} of latency`);
    }
    const who = html('p', { class: 'verdict-who' }, verdict);
    who.textContent = `${r.workload.display_name ?? r.workload.name} on ${r.device.display_name ?? r.device.name}, ${r.device.precision ?? ''}` +
      (perf.scope ? ` · per ${perf.scope}` : '');
    this.#attachWarnings(verdict, warnings, 'bottleneck', placed);
    verdict.append(explainBlock(explainFor('performance.bottleneck')));

    // Metrics.
    const dl = html('dl', { class: 'metrics' }, root);
    const metric = (key, label, valueText, raw, detail, explain) => {
      const item = html('div', { class: 'metric', 'data-metric': key }, dl);
      html('dt', {}, item, label);
      const dd = html('dd', {}, item);
      html('span', { class: 'value', 'data-value': raw }, dd, valueText);
      if (detail) html('span', { class: 'detail' }, dd, detail);
      this.#attachWarnings(dd, warnings, key, placed);
      if (explain.length) dd.append(explainBlock(explain));
      return item;
    };
    const unit = perf.throughput_unit ?? 'samples/s';
    const latency = metric('latency', perf.scope === 'generation' ? 'Latency (whole generation)' : 'Latency', formatTime(perf.latency_s), perf.latency_s,
      `compute ${formatTime(perf.t_compute_s)} · memory ${formatTime(perf.t_memory_s)}` +
        (perf.t_comm_s ? ` · comm ${formatTime(perf.t_comm_s)}` : '') +
        (Number.isFinite(perf.overhead_s) ? ` · overhead ${formatTime(perf.overhead_s)}` : ''),
      explainFor('performance.latency_s', 'performance.t_compute_s', 'performance.t_memory_s'));
    addBand(latency, r, 'performance.latency_s', formatTime);
    addBand(metric('throughput', 'Throughput', formatRate(perf.throughput_per_s, unit), perf.throughput_per_s, '',
      explainFor('performance.throughput_per_s')), r, 'performance.throughput_per_s', (x) => formatRate(x, unit));
    addBand(metric('mfu', 'MFU', formatPercent(perf.mfu), perf.mfu,
      `of ${formatSI(r.device.peak_flops, 'FLOP/s')} peak` + (perf.hfu !== undefined && Math.abs(perf.hfu - perf.mfu) > 1e-12 ? ` · HFU ${formatPercent(perf.hfu)}` : ''),
      explainFor('performance.mfu', 'performance.hfu')), r, 'performance.mfu', formatPercent);
    const fits = mem.fits;
    const memItem = metric('memory', 'Memory', `${formatGiB(mem.required_bytes)} / ${formatGiB(mem.capacity_bytes)}`, mem.required_bytes,
      fits === undefined ? '' : fits ? `fits${Number.isFinite(mem.max_batch) ? ` · up to batch ${mem.max_batch}` : ''}` : 'does not fit',
      explainFor('memory.required_bytes', 'memory.max_batch'));
    memItem.classList.add(fits === false ? 'no-fit' : 'fits');
    metric('intensity', 'Arithmetic intensity', formatIntensity(perf.arithmetic_intensity), perf.arithmetic_intensity,
      `vs ridge ${formatIntensity(perf.ridge_point)} (peak ridge ${formatIntensity(perf.ridge_point_peak)})`,
      explainFor('performance.arithmetic_intensity', 'performance.ridge_point', 'performance.ridge_point_peak'));
    // TTFT, ITL and KV pressure live in <mlsysim-serving>; the memory breakdown in <mlsysim-memory>.

    // Warnings not placed beside a number.
    const rest = warnings.filter((w, i) => !placed.has(i));
    if (rest.length) {
      const ul = html('ul', { class: 'warnings general' }, root);
      for (const w of rest) this.#warningItem(ul, w);
    }
  }

  #warningItem(parent, w) {
    const li = html('li', { class: 'warning' }, parent);
    if (w.code) html('span', { class: 'warning-code' }, li, w.code);
    html('span', { class: 'warning-text' }, li, w.text);
    return li;
  }

  #attachWarnings(parent, warnings, key, placed) {
    const mine = warnings.map((w, i) => [w, i]).filter(([w]) => WARNING_HOME[w.code] === key);
    if (!mine.length) return;
    const ul = html('ul', { class: 'warnings' }, parent);
    for (const [w, i] of mine) {
      placed.add(i);
      this.#warningItem(ul, w);
    }
  }
}

customElements.define('mlsysim-roofline', RooflinePanel);
