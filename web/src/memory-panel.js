// <mlsysim-memory>: the per-GPU memory of one result as a stacked horizontal bar (plain SVG): one
// segment per breakdown entry the engine returns (weights, gradients, optimizer, activations, KV
// cache, workspace, logits, reserve — whichever are present and non-zero), against the device
// capacity and the usable line, with fits / does-not-fit and the largest batch that fits. GiB.
import { el, html } from './svg.js';
import { rebuild } from './morph.js';
import { formatGiB, formatPercent } from './format.js';
import { createTooltip } from './tooltip.js';
import { explainFor, explainBlock } from './explain.js';
import { ResultPanel } from './result-panel.js';

export const SEGMENTS = [
  ['weights', 'Weights'], ['gradients', 'Gradients'], ['optimizer', 'Optimizer state'],
  ['activations', 'Activations'], ['kv_cache', 'KV cache'], ['workspace', 'Workspace'],
  ['logits', 'Logits'], ['reserve', 'Reserve (runtime)'],
];

/** Breakdown entries in display order, unknown keys last; zero and non-numeric entries dropped. */
export function segments(breakdown = {}) {
  const known = SEGMENTS.filter(([k]) => k in breakdown);
  const extra = Object.keys(breakdown).filter((k) => !SEGMENTS.some(([s]) => s === k)).map((k) => [k, k.replace(/_/g, ' ')]);
  return [...known, ...extra]
    .map(([key, label]) => ({ key, label, bytes: breakdown[key] }))
    .filter((s) => Number.isFinite(s.bytes) && s.bytes > 0);
}

let uid = 0;

class MemoryPanel extends ResultPanel {
  #pinned = null;

  /** The pinned result A of a comparison (or null): its bar is drawn above this one, on the same scale. */
  set pinned(r) {
    this.#pinned = r;
    this.render();
  }

  get pinned() {
    return this.#pinned;
  }

  static observesWidth = true;  // the bar is drawn to the panel's width

  connectedCallback() {
    this.id ||= `memory-${++uid}`;
    super.connectedCallback();
  }

  render() {
    rebuild(this, (root) => this.#build(root));
  }

  #build(root) {
    const r = this.result;
    const m = r?.ok ? r.memory : null;
    this.hidden = !m;
    if (!m) return;
    html('h3', { class: 'panel-heading' }, root, 'Memory per GPU');
    const segs = segments(m.breakdown);
    const cap = m.capacity_bytes;
    const usable = m.usable_bytes;
    const req = m.required_bytes;
    const summary = html('p', { class: `memory-summary ${m.fits === false ? 'no-fit' : 'fits'}`, 'data-metric': 'memory-fit' }, root);
    html('strong', { class: 'value', 'data-value': req }, summary, `${formatGiB(req)} of ${formatGiB(cap)}`);
    html('span', {}, summary, Number.isFinite(usable) ? ` (${formatGiB(usable)} usable)` : '');
    const verdict = m.fits === undefined ? '' : m.fits ? ' — fits' : ' — does not fit';
    html('span', { class: 'fit-verdict' }, summary, verdict);
    if (m.max_batch === 0) {
      html('span', { class: 'max-batch', 'data-value': 0 }, summary, ' · not even batch 1 fits');
    } else if (Number.isFinite(m.max_batch)) {
      html('span', { class: 'max-batch', 'data-value': m.max_batch }, summary, ` · largest batch that fits: ${m.max_batch}`);
    }

    // The bars: this result's, and the pinned result A's above it when a comparison is on (same scale).
    const A = this.#pinned?.ok ? this.#pinned.memory : null;
    const bars = A ? [{ tag: 'A', m: A, segs: segments(A.breakdown) }, { tag: 'B', m, segs }] : [{ tag: '', m, segs }];
    const width = Math.max(260, this.width || 600);
    const narrow = width < 480;
    const gutter = A ? 26 : 0;
    const pad = { left: 8 + gutter, right: 8, top: 22, bottom: 30 };
    const barH = 30;
    const rowH = pad.top + barH + pad.bottom;
    const height = rowH * bars.length;
    const domain = Math.max(...bars.flatMap((b) => [b.m.capacity_bytes || 0, b.m.required_bytes || 0, ...b.segs.map((s) => s.bytes)]));
    const x = (b) => pad.left + (b / domain) * (width - pad.left - pad.right);
    const host = html('div', { class: 'chart-host memory-host' }, root);
    const tooltip = createTooltip(host);
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart memory-bar', role: 'group',
      'aria-labelledby': `${this.id}-title ${this.id}-desc` });
    host.prepend(svg);
    el('title', { id: `${this.id}-title` }, svg, `Memory per GPU: ${formatGiB(req)} required of ${formatGiB(cap)}` +
      (A ? ` (B); A (pinned): ${formatGiB(A.required_bytes)} of ${formatGiB(A.capacity_bytes)}` : ''));
    el('desc', { id: `${this.id}-desc` }, svg, bars.map((b) => `${b.tag ? `${b.tag}: ` : ''}Stacked bar: ${b.segs.map((s) => `${s.label} ${formatGiB(s.bytes)}`).join(', ')}. ` +
      `Capacity ${formatGiB(b.m.capacity_bytes)}, usable ${formatGiB(b.m.usable_bytes)}; ${b.m.fits === false ? 'does not fit' : 'fits'}.`).join(' '));
    bars.forEach((b, row) => {
      const top = row * rowH + pad.top;
      const bcap = b.m.capacity_bytes;
      const busable = b.m.usable_bytes;
      const breq = b.m.required_bytes;
      const rowG = el('g', { class: `mem-row${b.tag ? ` mem-row-${b.tag.toLowerCase()}` : ''}`, 'data-side': b.tag || null }, svg);
      if (b.tag) el('text', { x: 6, y: top + barH / 2 + 5, class: 'mem-tag' }, rowG, b.tag);
      el('rect', { x: pad.left, y: top, width: x(bcap) - pad.left, height: barH, class: 'mem-track' }, rowG);
      let acc = 0;
      const g = el('g', { class: 'mem-segments' }, rowG);
      for (const s of b.segs) {
        const x0 = x(acc);
        const x1 = x(acc + s.bytes);
        const seg = el('g', { class: `mem-seg seg-${s.key}`, 'data-key': s.key, 'data-bytes': s.bytes }, g);
        el('rect', { x: x0, y: top, width: Math.max(0.5, x1 - x0), height: barH }, seg);
        tooltip.bind(seg, [`${b.tag ? `${b.tag}: ` : ''}${s.label}`, `${formatGiB(s.bytes)} (${formatPercent(s.bytes / breq)} of required)`]);
        acc += s.bytes;
      }
      // Capacity (solid) and usable (dashed) lines; labels above and below so they never collide.
      if (Number.isFinite(busable)) {
        el('line', { x1: x(busable), x2: x(busable), y1: top - 4, y2: top + barH + 6, class: 'mem-usable' }, rowG);
        el('text', { x: x(busable), y: top + barH + 20, 'text-anchor': 'end', class: 'tick-label' }, rowG, `usable ${formatGiB(busable)}`);
      }
      if (Number.isFinite(bcap)) {
        el('line', { x1: x(bcap), x2: x(bcap), y1: top - 6, y2: top + barH + 4, class: 'mem-capacity' }, rowG);
        el('text', { x: x(bcap), y: top - 9, 'text-anchor': x(bcap) > width - 60 ? 'end' : 'middle', class: 'tick-label' }, rowG, `capacity ${formatGiB(bcap)}`);
      }
      el('text', { x: pad.left, y: top - 9, class: 'tick-label' }, rowG, narrow ? '0' : '0 GiB');
      if (breq > bcap) el('text', { x: x(breq), y: top + barH + 20, 'text-anchor': 'end', class: 'tick-label mem-over' }, rowG, `needs ${formatGiB(breq)}`);
    });

    // Legend with values (the accessible listing of the same numbers).
    const ul = html('ul', { class: 'mem-legend' }, root);
    for (const s of segs) {
      const li = html('li', { 'data-key': s.key }, ul);
      html('span', { class: `swatch-box seg-${s.key}`, 'aria-hidden': 'true' }, li);
      html('span', { class: 'mem-label' }, li, s.label);
      html('span', { class: 'mem-value', 'data-value': s.bytes }, li, formatGiB(s.bytes));
    }
    const ex = explainFor(r, 'memory.required_bytes', 'memory.max_batch', 'memory.usable_bytes', 'memory.capacity_bytes');
    if (ex.length) root.append(explainBlock(ex));
  }
}

customElements.define('mlsysim-memory', MemoryPanel);
