// Axes for the training charts: a linear scale with "nice" ticks, and a log2 axis labelled in
// GPUs (8, 32, 128, …, 2k, 8k). Plain SVG via el(); text only.
import { el } from './svg.js';

export function linScale([d0, d1], [r0, r1]) {
  const f = (v) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0);
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

/** Round tick values covering [lo, hi] (about n of them), with a matching padded domain. */
export function niceTicks(lo, hi, n = 5) {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const t0 = Math.floor(lo / step) * step;
  const t1 = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let t = t0; t <= t1 + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return { ticks, domain: [t0, t1] };
}

export const gpuLabel = (g) => (g >= 1024 && g % 1024 === 0 ? `${g / 1024}k` : String(g));

/** A log2 x scale; returns f with f.domain/f.range. */
export function log2Scale([d0, d1], [r0, r1]) {
  const l0 = Math.log2(d0);
  const l1 = Math.log2(d1);
  const f = (v) => r0 + ((Math.log2(v) - l0) / (l1 - l0 || 1)) * (r1 - r0);
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

/** Frame, horizontal grid with y tick labels, and optional x ticks (values, labelled with fmt). */
export function drawFrame(g, x, y, { yTicks, yFmt = String, xTicks = [], xFmt = String, xLabels = true, yLabel, yLabelOffset = 48 }) {
  const [x0, x1] = x.range;
  const [y0, y1] = y.range;
  const grid = el('g', { class: 'grid' }, g);
  const axes = el('g', { class: 'axes' }, g);
  for (const t of yTicks) {
    const py = y(t);
    el('line', { x1: x0, x2: x1, y1: py, y2: py }, grid);
    el('text', { x: x0 - 7, y: py + 4, 'text-anchor': 'end', class: 'tick-label' }, axes, yFmt(t));
  }
  for (const t of xTicks) {
    const px = x(t);
    el('line', { x1: px, x2: px, y1: y0, y2: y1 }, grid);
    el('line', { x1: px, x2: px, y1: y0, y2: y0 + 4, class: 'tick' }, axes);
    if (xLabels) el('text', { x: px, y: y0 + 17, 'text-anchor': 'middle', class: 'tick-label' }, axes, xFmt(t));
  }
  el('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: 'frame' }, axes);
  if (yLabel) {
    el('text', { x: 0, y: 0, transform: `translate(${x0 - yLabelOffset},${(y0 + y1) / 2}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' }, axes, yLabel);
  }
}
