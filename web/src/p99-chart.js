// <mlsysim-p99-chart>: response-time percentiles against load (result.queueing.curve): P99 (solid)
// and P50 (dashed) over the arrival rate, from light load up to 99 % of capacity, with the P99 SLO
// as a horizontal line and the current load as a vertical one. Past capacity the queue is unstable:
// the current load is then drawn at the right edge with that word, never a percentile.
import { ChartElement } from './chart-base.js';
import { el } from './svg.js';
import { formatTime, formatNumber } from './format.js';
import { linearTicks } from './ops-format.js';

class P99Chart extends ChartElement {
  emptyTitle = 'P99 latency against load';

  drawable(r) {
    return Boolean(r.queueing?.curve?.arrival_rate?.length);
  }

  heightFor(width) {
    return Math.round(Math.min(360, Math.max(260, width * 0.5)));
  }

  draw(svg, width, height, r) {
    const q = r.queueing;
    const c = q.curve;
    const pts = c.arrival_rate.map((lam, i) => ({ lam, u: c.utilization[i], p99: c.p99_s[i], p50: c.p50_s[i] }))
      .filter((p) => Number.isFinite(p.p99));
    const narrow = width < 480;
    const m = { left: narrow ? 50 : 60, right: narrow ? 14 : 20, top: 16, bottom: 44 };
    const cap = q.capacity_rps;
    const xMax = Math.max(cap, q.stable ? q.arrival_rate : 0);
    const xt = linearTicks(xMax, narrow ? 4 : 6);
    // y: up to the P99 at 95 % load or the SLO with room, so the knee shows and the last points clip.
    const knee = pts.filter((p) => p.u <= 0.95).map((p) => p.p99);
    const yCand = [...knee, (q.slo_p99_s ?? 0) * 1.25, q.stable ? q.p99_s * 1.15 : 0].filter(Number.isFinite);
    const yt = linearTicks(Math.max(...yCand), 5);
    const x0 = m.left;
    const x1 = width - m.right;
    const y0 = height - m.bottom;
    const y1 = m.top;
    const x = (v) => x0 + (v / xt.max) * (x1 - x0);
    const y = (v) => y0 - (v / yt.max) * (y0 - y1);
    const grid = el('g', { class: 'grid' }, svg);
    const axes = el('g', { class: 'axes' }, svg);
    for (const t of xt.ticks) {
      el('line', { x1: x(t), x2: x(t), y1: y0, y2: y1 }, grid);
      el('text', { x: x(t), y: y0 + 16, 'text-anchor': 'middle', class: 'tick-label' }, axes, formatNumber(t, 3));
    }
    for (const t of yt.ticks) {
      el('line', { x1: x0, x2: x1, y1: y(t), y2: y(t) }, grid);
      el('text', { x: x0 - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick-label' }, axes, `${formatNumber(t, 3)} s`);
    }
    el('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: 'frame' }, axes);
    el('text', { x: (x0 + x1) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, axes, 'Arrival rate (requests/s)');
    const clipId = `${this.id}-clip`;
    const clip = el('clipPath', { id: clipId }, el('defs', {}, svg));
    el('rect', { x: x0, y: y1, width: x1 - x0, height: y0 - y1 }, clip);
    const plot = el('g', { 'clip-path': `url(#${clipId})` }, svg);
    // Capacity: where the utilization reaches 1.
    el('line', { x1: x(cap), x2: x(cap), y1: y0, y2: y1, class: 'q-capacity', 'data-value': cap }, svg);
    // Rotated along the line, from the bottom (the curves climb near capacity only high up).
    el('text', { x: 0, y: 0, transform: `translate(${x(cap) - 5},${y0 - 6}) rotate(-90)`, class: 'q-capacity-label label-halo' }, svg, `capacity ${formatNumber(cap, 3)}/s`);
    const line = (key) => pts.map((p) => `${x(p.lam)},${y(p[key])}`).join(' ');
    el('polyline', { points: line('p50'), class: 'q-p50' }, plot);
    el('polyline', { points: line('p99'), class: 'q-p99' }, plot);
    for (const p of pts) {
      const g = el('g', { class: 'pt q-pt', 'data-rate': p.lam, 'data-p99': p.p99 }, plot);
      el('circle', { cx: x(p.lam), cy: y(p.p99), r: 2.5 }, g);
    }
    if (Number.isFinite(q.slo_p99_s)) {
      el('line', { x1: x0, x2: x1, y1: y(q.slo_p99_s), y2: y(q.slo_p99_s), class: 'q-slo', 'data-value': q.slo_p99_s }, svg);
      el('text', { x: x0 + 6, y: y(q.slo_p99_s) - 5, class: 'q-slo-label label-halo' }, svg, `P99 target ${formatTime(q.slo_p99_s)}`);
    }
    // The current load.
    const cur = el('g', { class: `q-current${q.stable ? '' : ' is-unstable'}`, 'data-rate': q.arrival_rate }, svg);
    if (q.stable) {
      el('line', { x1: x(q.arrival_rate), x2: x(q.arrival_rate), y1: y0, y2: y1, class: 'current-line' }, cur);
      const dot = el('g', { class: 'pt q-now', 'data-p99': q.p99_s }, cur);
      el('circle', { cx: x(q.arrival_rate), cy: y(Math.min(q.p99_s, yt.max)), r: 5 }, dot);
      this.tooltip.bind(dot, ['This load', `${formatNumber(q.arrival_rate, 3)} req/s (utilization ${formatNumber(q.utilization, 3)})`, `P99 ${formatTime(q.p99_s)}, P50 ${formatTime(q.p50_s)}`]);
      const right = x(q.arrival_rate) > (x0 + x1) / 2;
      el('text', { x: x(q.arrival_rate) + (right ? -6 : 6), y: y1 + 14, 'text-anchor': right ? 'end' : 'start', class: 'q-now-label label-halo' }, cur,
        `now ${formatNumber(q.arrival_rate, 3)} req/s`);
    } else {
      el('line', { x1: x1, x2: x1, y1: y0, y2: y1, class: 'q-unstable-line' }, cur);
      el('text', { x: x0 + 6, y: y1 + 16, class: 'q-unstable-label label-halo' }, cur,
        `now ${formatNumber(q.arrival_rate, 3)} req/s: unstable${narrow ? '' : ' (past capacity)'}`);
    }
    return {
      title: `P99 and P50 response time against arrival rate, up to capacity ${formatNumber(cap, 3)} req/s`,
      desc: q.stable
        ? `At ${formatNumber(q.arrival_rate, 3)} req/s the P99 is ${formatTime(q.p99_s)}` + (Number.isFinite(q.slo_p99_s) ? ` against a target of ${formatTime(q.slo_p99_s)}.` : '.')
        : `At ${formatNumber(q.arrival_rate, 3)} req/s the queue is unstable: it grows without bound.`,
    };
  }

  table(r) {
    const c = r.queueing.curve;
    return ChartElement.makeTable('Response time against load', ['Utilization', 'Arrival rate', 'P50', 'P99', 'SLO attainment'],
      c.utilization.map((u, i) => [formatNumber(u, 3), `${formatNumber(c.arrival_rate[i], 3)} req/s`, formatTime(c.p50_s[i]), formatTime(c.p99_s[i]),
        Number.isFinite(c.slo_attainment?.[i]) ? formatNumber(c.slo_attainment[i], 3) : '—']));
  }
}

customElements.define('mlsysim-p99-chart', P99Chart);
