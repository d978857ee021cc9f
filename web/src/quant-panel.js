// <mlsysim-quant>: the same scenario solved once per precision (fp16/bf16, fp8, int8, int4, fp4, in
// the sweep worker): weight memory, TTFT, ITL and tokens/s (decoders) or latency and throughput
// (other workloads), each with its ratio to the 16-bit baseline. A precision the device cannot run
// shows the engine's message; a fallback shows its warning; an accuracy prior appears only when the
// engine returns one, labelled as a prior.
import { html } from './svg.js';
import { formatTime, formatGiB, formatRate, formatNumber } from './format.js';
import { splitWarning } from './explain.js';

export const QUANT_PRECISIONS = ['fp8', 'int8', 'int4', 'fp4'];

/** bf16 when the device lists it (MODELS.md §F: quant.baseline = bf16), else fp16, else fp32. */
export function baselineFor(device) {
  const p = device?.precisions;
  if (!p || p.includes('bf16')) return 'bf16';
  return p.includes('fp16') || !p.includes('fp32') ? 'fp16' : 'fp32';
}

const ratio = (v, b) => (Number.isFinite(v) && Number.isFinite(b) && b > 0 ? v / b : NaN);
const ratioText = (q) => (Number.isFinite(q) ? `×${formatNumber(q, 2)}` : '');

class QuantPanel extends HTMLElement {
  #data = null;

  set data(d) {
    this.#data = d;
    this.render();
  }

  get data() {
    return this.#data;
  }

  set progress(p) {
    const busy = !!p && p.done < p.total;
    this.setAttribute('aria-busy', String(busy));
    this.classList.toggle('is-pending', busy);
    const st = this.querySelector('.sweep-status');
    if (st) st.textContent = busy ? `computing ${p.done}/${p.total}…` : '';
  }

  connectedCallback() {
    this.render();
  }

  render() {
    const d = this.#data;
    this.replaceChildren();
    this.hidden = !d;
    if (!d) return;
    html('h3', { class: 'panel-heading' }, this, 'Quantization: the same scenario at each precision');
    html('p', { class: 'sweep-status', role: 'status' }, this, '');
    const base = d.rows.find((r) => r.precision === d.baseline)?.point;
    const llm = d.rows.some((r) => r.point?.ok && Number.isFinite(r.point.itl_s));
    const cols = llm
      ? [['Weights', 'weights_bytes', formatGiB, false], ['TTFT', 'ttft_s', formatTime, false], ['ITL', 'itl_s', formatTime, false], ['Tokens/s', 'tokens_per_s', (v) => formatRate(v, ''), true]]
      : [['Weights', 'weights_bytes', formatGiB, false], ['Latency', 'latency_s', formatTime, false], ['Throughput', 'throughput_per_s', (v) => formatRate(v, ''), true]];
    const prior = d.rows.some((r) => r.point?.quantization?.accuracy_prior);
    const wrap = html('div', { class: 'table-wrap' }, this);
    const table = html('table', { class: 'quant-table' }, wrap);
    html('caption', {}, table, `Ratios are to ${d.baseline} (the baseline row). ${llm ? 'Tokens/s is output tokens per second for the whole system.' : ''}`.trim());
    const hr = html('tr', {}, html('thead', {}, table));
    html('th', { scope: 'col' }, hr, 'Precision');
    for (const [h] of cols) html('th', { scope: 'col', class: 'num' }, hr, h);
    if (prior) html('th', { scope: 'col' }, hr, 'Accuracy prior');
    html('th', { scope: 'col' }, hr, 'Note');
    const tb = html('tbody', {}, table);
    for (const row of d.rows) {
      const p = row.point;
      const tr = html('tr', { 'data-precision': row.precision }, tb);
      const th = html('th', { scope: 'row' }, tr, row.precision);
      if (row.precision === d.baseline) html('span', { class: 'baseline-tag' }, th, ' baseline');
      if (!p) {
        html('td', { colspan: cols.length + (prior ? 2 : 1), class: 'pending' }, tr, 'computing…');
        continue;
      }
      if (!p.ok) {
        tr.classList.add('unsupported');
        const td = html('td', { colspan: cols.length + (prior ? 1 : 0), class: 'unsupported-cell' }, tr, 'cannot run on this device');
        td.dataset.reason = p.error?.path ?? '';
        html('td', { class: 'note' }, tr, p.error?.message ?? '');
        continue;
      }
      for (const [, key, fmt] of cols) {
        const td = html('td', { class: 'num', 'data-key': key, 'data-value': p[key] }, tr);
        html('span', {}, td, fmt(p[key]).trim());
        if (row.precision !== d.baseline && base?.ok) html('span', { class: 'ratio' }, td, ` ${ratioText(ratio(p[key], base[key]))}`);
      }
      if (prior) {
        const ap = p.quantization?.accuracy_prior;
        const td = html('td', { class: 'prior' }, tr);
        if (ap) {
          html('span', {}, td, `${formatNumber(ap.low_pts, 2)}–${formatNumber(ap.high_pts, 2)} pts`);
          html('span', { class: 'prior-label' }, td, ' (prior, not a prediction)');
          const src = Array.isArray(ap.sources) ? ap.sources.join('; ') : ap.sources;
          if (src) html('span', { class: 'prior-source' }, td, ` Source: ${src}`);
        }
      }
      const notes = [];
      const plan = p.precision_plan;
      if (plan && plan.weights !== plan.compute) notes.push(`weight-only: ${plan.weights} weights, ${plan.compute} compute`);
      for (const w of p.warnings ?? []) {
        const { code, text } = splitWarning(w);
        if (code === 'PRECISION_FALLBACK' && notes.length) continue; // the plan line says it
        if (code === 'PRECISION_FALLBACK' || code === 'DOES_NOT_FIT') notes.push(text);
      }
      html('td', { class: 'note' }, tr, notes.join('; '));
    }
  }
}

customElements.define('mlsysim-quant', QuantPanel);
