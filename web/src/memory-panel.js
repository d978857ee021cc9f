// <mlsysim-memory>: the per-GPU memory of one result as a stacked horizontal bar (plain SVG): one
// segment per breakdown entry the engine returns (weights, gradients, optimizer, activations, KV
// cache, workspace, logits, reserve — whichever are present and non-zero), against the device
// capacity and the usable line, with fits / does-not-fit and the largest batch that fits. GiB.
import { el, html } from './svg.js';
import { formatGiB, formatPercent } from './format.js';
import { createTooltip } from './tooltip.js';
import { explainFor, explainBlock } from './explain.js';

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

class MemoryPanel extends HTMLElement {
  #result = null;
  #observer = null;
  #width = 0;

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  connectedCallback() {
    this.id ||= `memory-${++uid}`;
    this.#observer = new ResizeObserver(() => {
      const w = Math.round(this.clientWidth);
      if (w && w !== this.#width) this.render();
    });
    this.#observer.observe(this);
    this.render();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  render() {
    const r = this.#result;
    const m = r?.ok ? r.memory : null;
    this.replaceChildren();
    this.hidden = !m;
    if (!m) return;
    this.#width = Math.round(this.clientWidth);
    html('h3', { class: 'panel-heading' }, this, 'Memory per GPU');
    const segs = segments(m.breakdown);
    const cap = m.capacity_bytes;
    const usable = m.usable_bytes;
    const req = m.required_bytes;
    const summary = html('p', { class: `memory-summary ${m.fits === false ? 'no-fit' : 'fits'}`, 'data-metric': 'memory-fit' }, this);
    html('strong', { class: 'value', 'data-value': req }, summary, `${formatGiB(req)} of ${formatGiB(cap)}`);
    html('span', {}, summary, Number.isFinite(usable) ? ` (${formatGiB(usable)} usable)` : '');
    const verdict = m.fits === undefined ? '' : m.fits ? ' — fits' : ' — does not fit';
    html('span', { class: 'fit-verdict' }, summary, verdict);
    if (m.max_batch === 0) {
      html('span', { class: 'max-batch', 'data-value': 0 }, summary, ' · not even batch 1 fits');
    } else if (Number.isFinite(m.max_batch)) {
      html('span', { class: 'max-batch', 'data-value': m.max_batch }, summary, ` · largest batch that fits: ${m.max_batch}`);
    }

    // The bar.
    const width = Math.max(260, this.#width || 600);
    const narrow = width < 480;
    const pad = { left: 8, right: 8, top: 22, bottom: 30 };
    const barH = 30;
    const height = pad.top + barH + pad.bottom;
    const domain = Math.max(cap || 0, req || 0, ...segs.map((s) => s.bytes)) * 1.0;
    const x = (b) => pad.left + (b / domain) * (width - pad.left - pad.right);
    const host = html('div', { class: 'chart-host memory-host' }, this);
    const tooltip = createTooltip(host);
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart memory-bar', role: 'group',
      'aria-labelledby': `${this.id}-title ${this.id}-desc` });
    host.prepend(svg);
    el('title', { id: `${this.id}-title` }, svg, `Memory per GPU: ${formatGiB(req)} required of ${formatGiB(cap)}`);
    el('desc', { id: `${this.id}-desc` }, svg, `Stacked bar: ${segs.map((s) => `${s.label} ${formatGiB(s.bytes)}`).join(', ')}. ` +
      `Capacity ${formatGiB(cap)}, usable ${formatGiB(usable)}; ${m.fits === false ? 'does not fit' : 'fits'}.`);
    el('rect', { x: pad.left, y: pad.top, width: x(cap) - pad.left, height: barH, class: 'mem-track' }, svg);
    let acc = 0;
    const g = el('g', { class: 'mem-segments' }, svg);
    for (const s of segs) {
      const x0 = x(acc);
      const x1 = x(acc + s.bytes);
      const seg = el('g', { class: `mem-seg seg-${s.key}`, 'data-key': s.key, 'data-bytes': s.bytes }, g);
      el('rect', { x: x0, y: pad.top, width: Math.max(0.5, x1 - x0), height: barH }, seg);
      tooltip.bind(seg, [s.label, `${formatGiB(s.bytes)} (${formatPercent(s.bytes / req)} of required)`]);
      acc += s.bytes;
    }
    // Capacity (solid) and usable (dashed) lines; labels above and below so they never collide.
    if (Number.isFinite(usable)) {
      el('line', { x1: x(usable), x2: x(usable), y1: pad.top - 4, y2: pad.top + barH + 6, class: 'mem-usable' }, svg);
      el('text', { x: x(usable), y: pad.top + barH + 20, 'text-anchor': 'end', class: 'tick-label' }, svg, `usable ${formatGiB(usable)}`);
    }
    if (Number.isFinite(cap)) {
      el('line', { x1: x(cap), x2: x(cap), y1: pad.top - 6, y2: pad.top + barH + 4, class: 'mem-capacity' }, svg);
      el('text', { x: x(cap), y: pad.top - 9, 'text-anchor': x(cap) > width - 60 ? 'end' : 'middle', class: 'tick-label' }, svg, `capacity ${formatGiB(cap)}`);
    }
    el('text', { x: pad.left, y: pad.top - 9, class: 'tick-label' }, svg, narrow ? '0' : '0 GiB');
    if (req > cap) el('text', { x: x(req), y: pad.top + barH + 20, 'text-anchor': 'end', class: 'tick-label mem-over' }, svg, `needs ${formatGiB(req)}`);

    // Legend with values (the accessible listing of the same numbers).
    const ul = html('ul', { class: 'mem-legend' }, this);
    for (const s of segs) {
      const li = html('li', { 'data-key': s.key }, ul);
      html('span', { class: `swatch-box seg-${s.key}`, 'aria-hidden': 'true' }, li);
      html('span', { class: 'mem-label' }, li, s.label);
      html('span', { class: 'mem-value', 'data-value': s.bytes }, li, formatGiB(s.bytes));
    }
    const ex = explainFor(r, 'memory.required_bytes', 'memory.max_batch', 'memory.usable_bytes', 'memory.capacity_bytes');
    if (ex.length) this.append(explainBlock(ex));
  }
}

customElements.define('mlsysim-memory', MemoryPanel);
