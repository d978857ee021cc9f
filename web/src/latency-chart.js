// <mlsysim-latency-chart>: time to first token and inter-token latency against one swept input
// (batch size or prompt length), two stacked log-log panels sharing the x axis. The points come
// from the sweep worker (one solve per value); set `.data = {ok: true, field, points, current,
// workload, device}` where points are [{x, ok, ttft_s, itl_s, fits, bottleneck}] and current is
// {x, ttft_s, itl_s}. Set `.progress = {done, total}` while a sweep runs (the old points are dimmed).
import { ChartElement } from './chart-base.js';
import { el, logScale, decadeDomain, drawAxes, createPlacer, powerLabel } from './svg.js';
import { formatTime } from './format.js';

const FIELD = {
  batch_size: { label: 'Batch size (concurrent sequences, log scale)', short: 'batch', tick: (v) => String(v) },
  seq_len: { label: 'Prompt length (tokens, log scale)', short: 'prompt', tick: (v) => (v >= 1024 && v % 1024 === 0 ? `${v / 1024}k` : String(v)) },
};

class LatencyChart extends ChartElement {
  emptyTitle = 'Time to first token and inter-token latency';
  #progress = null;

  drawable(d) {
    return Array.isArray(d.points);  // sweep data, not a solve result
  }

  set data(d) {
    this.result = d;
  }

  get data() {
    return this.result;
  }

  set progress(p) {
    this.#progress = p;
    this.classList.toggle('is-pending', !!p && p.done < p.total);
    this.setAttribute('aria-busy', String(!!p && p.done < p.total));
  }

  heightFor(width) {
    return Math.round(Math.min(480, Math.max(360, width * 0.7)));
  }

  draw(svg, width, height, d) {
    const f = FIELD[d.field] ?? { label: d.field, short: d.field, tick: String };
    const pts = d.points.filter((p) => p.ok && p.x > 0 && p.ttft_s > 0 && p.itl_s > 0);
    const cur = d.current;
    const narrow = width < 480;
    const m = { left: narrow ? 56 : 70, right: 16, top: 14, bottom: 50, gap: 34 };
    const panelH = (height - m.top - m.bottom - m.gap) / 2;
    const xsAll = [...pts.map((p) => p.x), cur?.x].filter((v) => v > 0);
    const lo = Math.min(...xsAll);
    const hi = Math.max(...xsAll, lo * 2);
    const x = logScale([lo / 1.4, hi * 1.4], [m.left, width - m.right]);
    const xTicks = [];
    const e0 = Math.ceil(Math.log2(lo) - 1e-9);
    const e1 = Math.floor(Math.log2(hi) + 1e-9);
    const step = Math.max(1, Math.ceil((e1 - e0 + 1) / (narrow ? 5 : 10)));
    for (let e = e0; e <= e1; e += step) xTicks.push(2 ** e);
    const panels = [
      { key: 'ttft_s', label: 'TTFT', axis: 'Time to first token', top: m.top },
      { key: 'itl_s', label: 'ITL', axis: 'Inter-token latency', top: m.top + panelH + m.gap },
    ];
    for (const pn of panels) {
      const vals = [...pts.map((p) => p[pn.key]), cur?.[pn.key]];
      const y = logScale(decadeDomain(vals, 1.3, 1), [pn.top + panelH, pn.top]);
      const g = el('g', { class: `panel panel-${pn.key}` }, svg);
      drawAxes(g, x, y, { yLabel: pn.axis, yLabelOffset: m.left - 14, xTicks: false, yTickFormat: (e) => (e < 0 ? formatTime(10 ** e) : e <= 2 ? `${10 ** e} s` : `${powerLabel(e)} s`) });
      const grid = el('g', { class: 'grid' }, g);
      for (const t of xTicks) {
        el('line', { x1: x(t), x2: x(t), y1: pn.top, y2: pn.top + panelH }, grid);
        el('line', { x1: x(t), x2: x(t), y1: pn.top + panelH, y2: pn.top + panelH + 4, class: 'tick' }, g);
        if (pn === panels[1]) el('text', { x: x(t), y: pn.top + panelH + 17, 'text-anchor': 'middle', class: 'tick-label' }, g, f.tick(t));
      }
      if (cur?.x > 0) el('line', { x1: x(cur.x), x2: x(cur.x), y1: pn.top, y2: pn.top + panelH, class: 'current-line' }, g);
      if (pts.length > 1) el('polyline', { points: pts.map((p) => `${x(p.x)},${y(p[pn.key])}`).join(' '), class: 'sweep-line' }, g);
      for (const p of pts) {
        const pg = el('g', {
          class: `pt pt-sweep ${p.bottleneck === 'compute' ? 'is-compute' : 'is-memory'} ${p.fits === false ? 'no-fit' : 'fits'}${cur && p.x === cur.x ? ' is-current' : ''}`,
          'data-x': p.x, 'data-value': p[pn.key],
        }, g);
        el('circle', { cx: x(p.x), cy: y(p[pn.key]), r: 4 }, pg);
        this.tooltip.bind(pg, [`${f.short} ${p.x}${p.fits === false ? ' (does not fit in memory)' : ''}`, `${pn.label} ${formatTime(p[pn.key])}`, `${p.bottleneck}-bound overall`]);
      }
      if (cur?.x > 0 && cur[pn.key] > 0) {
        const cx = x(cur.x);
        const cy = y(cur[pn.key]);
        const cg = el('g', { class: 'pt pt-current', 'data-x': cur.x, 'data-value': cur[pn.key] }, g);
        el('circle', { cx, cy, r: 8, class: 'halo' }, cg);
        el('circle', { cx, cy, r: 4.5, class: 'core' }, cg);
        this.tooltip.bind(cg, [`This run: ${f.short} ${cur.x}`, `${pn.label} ${formatTime(cur[pn.key])}`]);
        const placer = createPlacer({ x0: m.left + 2, y0: pn.top + 2, x1: width - m.right - 2, y1: pn.top + panelH - 2 });
        for (const p of pts) placer.point(x(p.x), y(p[pn.key]), 6);
        placer.point(cx, cy, 9);
        const text = `${pn.label} ${formatTime(cur[pn.key])}`;
        const c = placer.place(text, [
          { x: cx - 11, y: cy - 9, anchor: 'end' }, { x: cx + 11, y: cy - 9 }, { x: cx + 11, y: cy + 17 },
          { x: cx - 11, y: cy + 17, anchor: 'end' }, { x: cx, y: cy - 15, anchor: 'middle' }, { x: cx, y: cy + 24, anchor: 'middle' },
        ], 11.5);
        el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-main label-halo' }, cg, text);
      }
    }
    el('text', { x: (m.left + width - m.right) / 2, y: height - 12, 'text-anchor': 'middle', class: 'axis-label' }, svg, f.label);
    const name = d.workload ?? 'the model';
    return {
      title: `Time to first token and inter-token latency against ${f.short === 'batch' ? 'batch size' : 'prompt length'}, ${name}${d.device ? ` on ${d.device}` : ''}`,
      desc: `Two log-log panels sharing the ${f.short} axis. ${pts.length} points from ${pts[0]?.x ?? '—'} to ${pts.at(-1)?.x ?? '—'}.` +
        (cur ? ` This run (${f.short} ${cur.x}): TTFT ${formatTime(cur.ttft_s)}, ITL ${formatTime(cur.itl_s)}.` : ''),
    };
  }

  table(d) {
    const f = FIELD[d.field] ?? { short: d.field };
    const rows = d.points.map((p) => p.ok
      ? [String(p.x), formatTime(p.ttft_s), formatTime(p.itl_s), p.fits === false ? 'no' : 'yes']
      : [String(p.x), '—', '—', p.error?.message ?? 'error']);
    return ChartElement.makeTable(`Time to first token and inter-token latency per ${f.short}`, [f.short, 'TTFT', 'ITL', 'Fits'], rows);
  }
}

customElements.define('mlsysim-latency-chart', LatencyChart);
