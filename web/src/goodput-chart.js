// <mlsysim-goodput-chart>: goodput against the checkpoint interval (log x), from
// result.reliability.goodput_curve, with the optimum (Young–Daly, checkpoint_interval_optimal_s)
// marked and the interval the run uses (checkpoint_interval_s) ringed. Set `.result`.
import { ChartElement } from './chart-base.js';
import { el, logScale, createPlacer } from './svg.js';
import { linScale, niceTicks, drawFrame } from './fleet-axes.js';
import { formatTime, formatPercent } from './format.js';

// Round intervals for the log axis: 10 s … 1 week.
const TIME_TICKS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800];
const timeTick = (s) => (s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : s < 86400 ? `${s / 3600} h` : `${s / 86400} d`);

class GoodputChart extends ChartElement {
  emptyTitle = 'Goodput against checkpoint interval';

  drawable(r) {
    return Array.isArray(r.reliability?.goodput_curve) && r.reliability.goodput_curve.length > 1;
  }

  heightFor(width) {
    return Math.round(Math.min(460, Math.max(300, width * 0.66)));
  }

  draw(svg, width, height, r) {
    const rel = r.reliability;
    const curve = rel.goodput_curve.filter((p) => p.interval_s > 0 && Number.isFinite(p.goodput));
    const narrow = width < 480;
    const m = { left: narrow ? 50 : 60, right: 16, top: 14, bottom: 48 };
    const xs = [...curve.map((p) => p.interval_s), rel.checkpoint_interval_s, rel.checkpoint_interval_optimal_s].filter((v) => v > 0);
    const x = logScale([Math.min(...xs) / 1.15, Math.max(...xs) * 1.15], [m.left, width - m.right]);
    const gs = [...curve.map((p) => p.goodput), rel.goodput].filter(Number.isFinite);
    const nt = niceTicks(Math.max(0, Math.min(...gs) - 0.005), Math.min(1, Math.max(...gs) + 0.005), 4);
    const y = linScale([Math.max(0, nt.domain[0]), Math.min(1, nt.domain[1])], [height - m.bottom, m.top]);
    const ticks = nt.ticks.filter((t) => t >= y.domain[0] - 1e-12 && t <= y.domain[1] + 1e-12);
    const inside = TIME_TICKS.filter((t) => t >= x.domain[0] && t <= x.domain[1]);
    const every = Math.max(1, Math.ceil(inside.length / (narrow ? 4 : 7)));
    const xTicks = inside.filter((_, i) => i % every === 0);
    const g = el('g', { class: 'panel panel-goodput' }, svg);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : 0.1;
    const digits = Math.abs(step * 100 - Math.round(step * 100)) > 1e-9 ? 1 : 0;
    drawFrame(g, x, y, { yTicks: ticks, yFmt: (t) => `${(t * 100).toFixed(digits)}%`, xTicks, xFmt: timeTick, yLabel: 'Goodput', yLabelOffset: m.left - 12 });
    el('polyline', { points: curve.map((p) => `${x(p.interval_s)},${y(p.goodput)}`).join(' '), class: 'goodput-line' }, g);
    const placer = createPlacer({ x0: m.left + 2, y0: m.top + 2, x1: width - m.right - 2, y1: height - m.bottom - 2 });
    for (const p of curve) placer.point(x(p.interval_s), y(p.goodput), 3);
    // The optimum.
    const ox = x(rel.checkpoint_interval_optimal_s);
    const optGoodput = curve.reduce((best, p) => (p.goodput > best ? p.goodput : best), -Infinity);
    const oy = y(Math.max(optGoodput, rel.goodput));
    el('line', { x1: ox, x2: ox, y1: m.top, y2: height - m.bottom, class: 'optimum-line' }, g);
    const opt = el('g', { class: 'pt pt-optimum', 'data-interval': rel.checkpoint_interval_optimal_s }, g);
    el('circle', { cx: ox, cy: oy, r: 5 }, opt);
    this.tooltip.bind(opt, ['Optimal interval (Young–Daly)', formatTime(rel.checkpoint_interval_optimal_s), `goodput ${formatPercent(Math.max(optGoodput, rel.goodput))}`]);
    placer.point(ox, oy, 8);
    const text = `optimum ${formatTime(rel.checkpoint_interval_optimal_s)}`;
    const c = placer.place(text, [
      { x: ox + 8, y: oy + 18 }, { x: ox - 8, y: oy + 18, anchor: 'end' }, { x: ox + 8, y: oy + 34 }, { x: ox - 8, y: oy + 34, anchor: 'end' },
      { x: ox + 8, y: height - m.bottom - 8 }, { x: ox - 8, y: height - m.bottom - 8, anchor: 'end' },
    ], 11.5);
    el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-main label-halo optimum-label' }, opt, text);
    // The interval this run uses (the optimum unless reliability.checkpoint_interval_s was given).
    const same = Math.abs(rel.checkpoint_interval_s - rel.checkpoint_interval_optimal_s) <= 1e-9 * rel.checkpoint_interval_optimal_s;
    const cur = el('g', { class: 'pt pt-current', 'data-interval': rel.checkpoint_interval_s, 'data-value': rel.goodput }, g);
    el('circle', { cx: x(rel.checkpoint_interval_s), cy: y(rel.goodput), r: 9, class: 'halo' }, cur);
    this.tooltip.bind(cur, [`This run: every ${formatTime(rel.checkpoint_interval_s)}${same ? ' (the optimum)' : ''}`, `goodput ${formatPercent(rel.goodput)}`]);
    el('text', { x: (m.left + width - m.right) / 2, y: height - 10, 'text-anchor': 'middle', class: 'axis-label' }, svg, 'Checkpoint interval (log scale)');
    return {
      title: `Goodput against checkpoint interval, ${rel.nodes} nodes`,
      desc: `${curve.length} intervals from ${formatTime(curve[0].interval_s)} to ${formatTime(curve.at(-1).interval_s)}. ` +
        `Optimum (Young–Daly) at ${formatTime(rel.checkpoint_interval_optimal_s)}; this run checkpoints every ${formatTime(rel.checkpoint_interval_s)}, goodput ${formatPercent(rel.goodput)}.`,
    };
  }

  table(r) {
    const rows = r.reliability.goodput_curve.map((p) => [formatTime(p.interval_s), formatPercent(p.goodput)]);
    return ChartElement.makeTable('Goodput per checkpoint interval', ['Interval', 'Goodput'], rows);
  }
}

customElements.define('mlsysim-goodput-chart', GoodputChart);
