// <mlsysim-compare>: two results side by side — the pinned scenario A and the current one B. Every
// headline number (bottleneck, latency, throughput, MFU, memory, arithmetic intensity, and TTFT,
// ITL and tokens/s when a result has them) with B − A and B ÷ A. Set `.pair = {a, b}` where each is
// {result, label}. Raw numbers ride on data-a / data-b / data-delta / data-ratio for tests and
// scripts; all text goes in through textContent.
import { html } from './svg.js';
import { formatTime, formatRate, formatPercent, formatGiB, formatIntensity, formatNumber } from './format.js';
import { formatJoules, formatCo2, formatUsd } from './ops-format.js';

const unitOf = (r) => r.performance?.throughput_unit ?? 'samples/s';
export const COMPARE_ROWS = [
  { key: 'bottleneck', label: 'Bottleneck', get: (r) => r.performance?.bottleneck, text: true },
  { key: 'latency', label: 'Latency', get: (r) => r.performance?.latency_s, fmt: (v) => formatTime(v), better: 'lower' },
  { key: 'throughput', label: 'Throughput', get: (r) => r.performance?.throughput_per_s, fmt: (v, r) => formatRate(v, unitOf(r)), better: 'higher' },
  { key: 'mfu', label: 'MFU', get: (r) => r.performance?.mfu, fmt: (v) => formatPercent(v), fmtDelta: (d) => `${formatNumber(d * 100, 2)} pp`, better: 'higher' },
  { key: 'memory', label: 'Memory per GPU', get: (r) => r.memory?.required_bytes, fmt: (v) => formatGiB(v), better: 'lower' },
  { key: 'intensity', label: 'Arithmetic intensity', get: (r) => r.performance?.arithmetic_intensity, fmt: (v) => formatIntensity(v) },
  { key: 'ttft', label: 'Time to first token', get: (r) => r.serving?.ttft_s, fmt: (v) => formatTime(v), better: 'lower' },
  { key: 'itl', label: 'Inter-token latency', get: (r) => r.serving?.itl_s, fmt: (v) => formatTime(v), better: 'lower' },
  { key: 'tokens', label: 'Output tokens/s', get: (r) => r.serving?.tokens_per_s, fmt: (v) => formatRate(v, 'tokens/s'), better: 'higher' },
  // Operations (issue 4/6): energy, carbon, cost, tail latency.
  { key: 'energy-per-unit', label: 'Energy per unit (facility)', get: (r) => r.energy?.joules_per_unit_facility, fmt: (v, r) => `${formatJoules(v)}/${r.energy?.unit ?? 'unit'}`, better: 'lower' },
  { key: 'carbon', label: 'Carbon (per year, batch or run)', get: (r) => r.energy?.carbon_kg, fmt: (v) => formatCo2(v), better: 'lower' },
  { key: 'tco', label: 'Total cost of ownership', get: (r) => r.cost?.tco_usd, fmt: (v) => formatUsd(v), better: 'lower' },
  { key: 'usd-per-million-tokens', label: 'USD per million tokens', get: (r) => r.cost?.usd_per_million_tokens, fmt: (v) => formatUsd(v), better: 'lower' },
  { key: 'p99', label: 'P99 response time', get: (r) => (r.queueing ? r.queueing.p99_s ?? Infinity : undefined), fmt: (v) => (Number.isFinite(v) ? formatTime(v) : 'unstable'), better: 'lower' },
];

/** The rows that apply to the pair: a row shows when either result has the number. */
export function compareRows(a, b) {
  return COMPARE_ROWS.map((row) => {
    const va = row.get(a);
    const vb = row.get(b);
    if (va === undefined && vb === undefined) return null;
    const out = { ...row, a: va, b: vb };
    if (!row.text && Number.isFinite(va) && Number.isFinite(vb)) {
      out.delta = vb - va;
      out.ratio = va !== 0 ? vb / va : undefined;
    }
    return out;
  }).filter(Boolean);
}

const describe = (r) => `${r.workload.display_name ?? r.workload.name} on ${r.device.display_name ?? r.device.name}, ${r.device.precision ?? ''}`;

class ComparePanel extends HTMLElement {
  #pair = null;

  set pair(p) {
    this.#pair = p;
    this.render();
  }

  get pair() {
    return this.#pair;
  }

  connectedCallback() {
    this.render();
  }

  render() {
    this.replaceChildren();
    const p = this.#pair;
    if (!p?.a?.result?.ok || !p?.b?.result?.ok) return;
    const a = p.a.result;
    const b = p.b.result;
    const who = html('ul', { class: 'compare-who' }, this);
    for (const [tag, x, label] of [['A', a, p.a.label], ['B', b, p.b.label]]) {
      const li = html('li', { 'data-side': tag }, who);
      html('span', { class: `side-tag side-${tag.toLowerCase()}` }, li, tag);
      html('span', {}, li, ` ${describe(x)}${label ? ` · ${label}` : ''}`);
    }
    const wrap = html('div', { class: 'table-wrap' }, this);
    const table = html('table', { class: 'compare-table' }, wrap);
    html('caption', {}, table, 'Headline numbers of A (pinned) and B (current): difference B − A and ratio B ÷ A');
    const hr = html('tr', {}, html('thead', {}, table));
    for (const h of ['', 'A', 'B', 'B − A', 'B ÷ A']) html('th', { scope: 'col' }, hr, h);
    const tbody = html('tbody', {}, table);
    for (const row of compareRows(a, b)) {
      const tr = html('tr', { 'data-metric': row.key }, tbody);
      html('th', { scope: 'row' }, tr, row.label);
      const cell = (side, v, r) => {
        const td = html('td', { class: `num side-${side}`, 'data-label': side.toUpperCase() }, tr, v === undefined ? '—' : row.text ? `${v}-bound` : row.fmt(v, r));
        if (v !== undefined) td.dataset.value = String(v);
        return td;
      };
      cell('a', row.a, a);
      cell('b', row.b, b);
      if (row.text) {
        const same = row.a === row.b;
        html('td', { class: 'num delta', 'data-label': 'B − A', 'data-value': same ? 'same' : 'changed' }, tr, row.a === undefined || row.b === undefined ? '—' : same ? 'same' : 'changed');
        html('td', { class: 'num ratio', 'data-label': 'B ÷ A' }, tr, '');
        tr.classList.toggle('changed', !same);
        continue;
      }
      const dtd = html('td', { class: 'num delta', 'data-label': 'B − A' }, tr);
      const rtd = html('td', { class: 'num ratio', 'data-label': 'B ÷ A' }, tr);
      if (row.delta === undefined) {
        dtd.textContent = '—';
        rtd.textContent = '—';
        continue;
      }
      const sign = row.delta > 0 ? '+' : row.delta < 0 ? '−' : '±';
      const mag = Math.abs(row.delta);
      dtd.textContent = row.delta === 0 ? '±0' : `${sign}${row.fmtDelta ? row.fmtDelta(mag) : row.fmt(mag, b)}`;
      dtd.dataset.value = String(row.delta);
      rtd.textContent = row.ratio === undefined ? '—' : `×${formatNumber(row.ratio, 3)}`;
      if (row.ratio !== undefined) rtd.dataset.value = String(row.ratio);
      if (row.better && row.delta !== 0) tr.classList.add((row.better === 'lower') === (row.delta < 0) ? 'better' : 'worse');
    }
  }
}

customElements.define('mlsysim-compare', ComparePanel);
