// Plain-SVG helpers: element creation (text via textContent only), log scales with power-of-ten ticks.
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** el('circle', {cx: 1}, parent) → the element; attributes only, never markup. */
export function el(name, attrs = {}, parent = null, text = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

export function html(name, attrs = {}, parent = null, text = null) {
  const node = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
  if (text !== null) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

/** A log10 scale from the domain [d0, d1] onto the range [r0, r1]. */
export function logScale([d0, d1], [r0, r1]) {
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const f = (x) => r0 + ((Math.log10(x) - l0) / (l1 - l0)) * (r1 - r0);
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

/** Power-of-ten domain that covers the finite positive values, padded by `pad` (a factor) each side. */
export function decadeDomain(values, pad = 1.5, minDecades = 2) {
  const v = values.filter((x) => Number.isFinite(x) && x > 0);
  if (!v.length) return [1, 10];
  let lo = Math.floor(Math.log10(Math.min(...v) / pad));
  let hi = Math.ceil(Math.log10(Math.max(...v) * pad));
  while (hi - lo < minDecades) { lo -= 1; hi += 1; }
  return [10 ** lo, 10 ** hi];
}

/** Powers of ten inside the domain; thinned to at most maxTicks. */
export function decadeTicks([d0, d1], maxTicks = 8) {
  const lo = Math.ceil(Math.log10(d0) - 1e-9);
  const hi = Math.floor(Math.log10(d1) + 1e-9);
  const step = Math.max(1, Math.ceil((hi - lo + 1) / maxTicks));
  const ticks = [];
  for (let e = lo; e <= hi; e += step) ticks.push(e);
  return ticks;
}

/** '10⁻³' style labels for exponent e. */
const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
export function powerLabel(e) {
  if (e === 0) return '1';
  if (e === 1) return '10';
  return '10' + String(e).split('').map((c) => SUP[c]).join('');
}

/**
 * Draw log axes (grid, ticks, labels) into group g for scales x, y.
 * opts: {xLabel, yLabel, xTickFormat, yTickFormat, yRight}
 */
export function drawAxes(g, x, y, opts = {}) {
  const [x0, x1] = x.range;
  const [y0, y1] = y.range; // y0 bottom, y1 top
  const grid = el('g', { class: 'grid' }, g);
  const axes = el('g', { class: 'axes' }, g);
  const xf = opts.xTickFormat ?? powerLabel;
  const yf = opts.yTickFormat ?? powerLabel;
  for (const e of opts.xTicks === false ? [] : decadeTicks(x.domain, opts.maxXTicks ?? 8)) {
    const px = x(10 ** e);
    el('line', { x1: px, x2: px, y1: y0, y2: y1 }, grid);
    el('line', { x1: px, x2: px, y1: y0, y2: y0 + 5, class: 'tick' }, axes);
    el('text', { x: px, y: y0 + 18, 'text-anchor': 'middle', class: 'tick-label' }, axes, xf(e));
  }
  for (const e of decadeTicks(y.domain, opts.maxYTicks ?? 7)) {
    const py = y(10 ** e);
    el('line', { x1: x0, x2: x1, y1: py, y2: py }, grid);
    el('line', { x1: x0 - 5, x2: x0, y1: py, y2: py, class: 'tick' }, axes);
    el('text', { x: x0 - 8, y: py + 4, 'text-anchor': 'end', class: 'tick-label' }, axes, yf(e));
  }
  el('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: 'frame' }, axes);
  if (opts.xLabel) el('text', { x: (x0 + x1) / 2, y: y0 + 38, 'text-anchor': 'middle', class: 'axis-label' }, axes, opts.xLabel);
  if (opts.yLabel) {
    const cy = (y0 + y1) / 2;
    el('text', { x: 0, y: 0, transform: `translate(${x0 - (opts.yLabelOffset ?? 48)},${cy}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' }, axes, opts.yLabel);
  }
}

/**
 * A tiny label placer: picks, for each label, the first candidate position whose approximate box
 * avoids the obstacles (points, earlier labels) and stays inside bounds. Boxes are {x0,y0,x1,y1}.
 */
export function createPlacer(bounds) {
  const obstacles = [];
  const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const inside = (b) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
  return {
    point(x, y, r = 5) {
      obstacles.push({ x0: x - r, y0: y - r, x1: x + r, y1: y + r });
    },
    box(b) {
      obstacles.push(b);
    },
    /** candidates: [{x, y, anchor}] (text baseline positions); returns the chosen one. */
    place(text, candidates, fontSize = 11, strict = false) {
      const w = text.length * fontSize * 0.56;
      const boxOf = ({ x, y, anchor = 'start' }) => {
        const x0 = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
        return { x0, x1: x0 + w, y0: y - fontSize * 0.85, y1: y + fontSize * 0.25 };
      };
      let pick = candidates.find((c) => inside(boxOf(c)) && !obstacles.some((o) => overlaps(o, boxOf(c))));
      if (!pick && strict) return null;
      pick ??= candidates.find((c) => inside(boxOf(c))) ?? candidates[0];
      obstacles.push(boxOf(pick));
      return pick;
    },
  };
}
