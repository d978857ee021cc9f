// <mlsysim-batch-chart>: latency and throughput against batch size (log-log), two stacked panels that
// share the batch axis, from result.performance.sweep. The current batch is highlighted; points that
// do not fit in memory are hollow; the first compute-bound swept batch (crossover) is marked.
import { ChartElement } from './chart-base.js';
import { el, logScale, decadeDomain, drawAxes, createPlacer } from './svg.js';
import { formatTime, formatRate } from './format.js';


class BatchChart extends ChartElement {
  emptyTitle = 'Latency and throughput against batch size';
  batch = 1;

  heightFor(width) {
    return Math.round(Math.min(520, Math.max(380, width * 0.75)));
  }

  draw(svg, width, height, r) {
    const perf = r.performance;
    const unit = perf.throughput_unit ?? 'samples/s';
    const pts = (perf.sweep ?? []).filter((p) => p.batch > 0 && p.latency_s > 0);
    const B = this.batch;
    const narrow = width < 480;
    const m = { left: narrow ? 56 : 70, right: 16, top: 14, bottom: 50, gap: 34 };
    const panelH = (height - m.top - m.bottom - m.gap) / 2;
    const batches = [...pts.map((p) => p.batch), B];
    const xDom = [2 ** Math.floor(Math.log2(Math.min(...batches))), 2 ** Math.ceil(Math.log2(Math.max(...batches, 2)))];
    const x = logScale([xDom[0] / 1.4, xDom[1] * 1.4], [m.left, width - m.right]);
    // Power-of-two ticks on the batch axis (batches are powers of two).
    const xTicks = [];
    const step = narrow ? 2 : 1;
    for (let e = Math.log2(xDom[0]); e <= Math.log2(xDom[1]); e += step) xTicks.push(2 ** e);

    const panels = [
      { key: 'latency_s', label: 'Latency', value: perf.latency_s, fmt: formatTime, top: m.top, axis: 'Latency (s)' },
      { key: 'throughput_per_s', label: 'Throughput', value: perf.throughput_per_s, fmt: (v) => formatRate(v, unit), top: m.top + panelH + m.gap, axis: `Throughput (${unit})` },
    ];
    for (const pn of panels) {
      const vals = [...pts.map((p) => p[pn.key]), pn.value];
      const y = logScale(decadeDomain(vals, 1.3, 1), [pn.top + panelH, pn.top]);
      const g = el('g', { class: `panel panel-${pn.key}` }, svg);
      drawAxes(g, x, y, { yLabel: pn.axis, yLabelOffset: m.left - 14, xTicks: false });
      // Batch ticks and grid.
      const grid = el('g', { class: 'grid' }, g);
      for (const b of xTicks) {
        el('line', { x1: x(b), x2: x(b), y1: pn.top, y2: pn.top + panelH }, grid);
        el('line', { x1: x(b), x2: x(b), y1: pn.top + panelH, y2: pn.top + panelH + 4, class: 'tick' }, g);
        if (pn === panels[1]) el('text', { x: x(b), y: pn.top + panelH + 17, 'text-anchor': 'middle', class: 'tick-label' }, g, String(b));
      }
      // Crossover marker.
      if (perf.crossover_batch) {
        const cx = x(perf.crossover_batch);
        el('line', { x1: cx, x2: cx, y1: pn.top, y2: pn.top + panelH, class: 'crossover-line' }, g);
        if (pn === panels[0]) el('text', { x: cx + 5, y: pn.top + 12, class: 'crossover-label' }, g, `compute-bound from B=${perf.crossover_batch}`);
      }
      // Current batch: vertical band.
      el('line', { x1: x(B), x2: x(B), y1: pn.top, y2: pn.top + panelH, class: 'current-line' }, g);
      if (pts.length > 1) el('polyline', { points: pts.map((p) => `${x(p.batch)},${y(p[pn.key])}`).join(' '), class: 'sweep-line' }, g);
      for (const p of pts) {
        const pg = el('g', {
          class: `pt pt-sweep ${p.bottleneck === 'compute' ? 'is-compute' : 'is-memory'} ${p.fits === false ? 'no-fit' : 'fits'}${p.batch === B ? ' is-current' : ''}`,
          'data-batch': p.batch,
        }, g);
        el('circle', { cx: x(p.batch), cy: y(p[pn.key]), r: 4 }, pg);
        this.tooltip.bind(pg, [
          `Batch ${p.batch}${p.fits === false ? ' (does not fit in memory)' : ''}`,
          `${pn.label} ${pn.fmt(p[pn.key])}`,
          `${p.bottleneck}-bound`,
        ]);
      }
      // The current run (may be a batch that is not a power of two).
      const cur = el('g', { class: 'pt pt-current', 'data-batch': B }, g);
      el('circle', { cx: x(B), cy: y(pn.value), r: 8, class: 'halo' }, cur);
      el('circle', { cx: x(B), cy: y(pn.value), r: 4.5, class: 'core' }, cur);
      this.tooltip.bind(cur, [`This run: batch ${B}`, `${pn.label} ${pn.fmt(pn.value)}`]);
      const placer = createPlacer({ x0: m.left + 2, y0: pn.top + 2, x1: width - m.right - 2, y1: pn.top + panelH - 2 });
      for (const p of pts) placer.point(x(p.batch), y(p[pn.key]), 6);
      const cx = x(B);
      const cy = y(pn.value);
      placer.point(cx, cy, 9);
      if (perf.crossover_batch && pn === panels[0]) placer.box({ x0: x(perf.crossover_batch), x1: x(perf.crossover_batch) + 150, y0: pn.top, y1: pn.top + 16 });
      const text = pn.fmt(pn.value);
      const c = placer.place(text, [
        { x: cx - 11, y: cy - 9, anchor: 'end' }, { x: cx + 11, y: cy - 9 }, { x: cx + 11, y: cy + 17 },
        { x: cx - 11, y: cy + 17, anchor: 'end' }, { x: cx, y: cy - 15, anchor: 'middle' }, { x: cx, y: cy + 24, anchor: 'middle' },
      ], 11.5);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-main label-halo' }, cur, text);
    }
    el('text', { x: (m.left + width - m.right) / 2, y: height - 12, 'text-anchor': 'middle', class: 'axis-label' }, svg, 'Batch size (log scale)');

    return {
      title: `Latency and throughput against batch size, ${r.workload.display_name ?? r.workload.name} on ${r.device.display_name ?? r.device.name}`,
      desc: `Two log-log panels sharing the batch axis. ${pts.length} swept batches from ${pts[0]?.batch ?? '—'} to ${pts.at(-1)?.batch ?? '—'}. ` +
        `This run (batch ${B}): latency ${formatTime(perf.latency_s)}, throughput ${formatRate(perf.throughput_per_s, unit)}.` +
        (perf.crossover_batch ? ` Compute-bound from batch ${perf.crossover_batch}.` : ''),
    };
  }

  table(r) {
    const perf = r.performance;
    const unit = perf.throughput_unit ?? 'samples/s';
    const rows = (perf.sweep ?? []).map((p) => [String(p.batch), formatTime(p.latency_s), formatRate(p.throughput_per_s, unit), p.bottleneck, p.fits === false ? 'no' : 'yes']);
    return ChartElement.makeTable('Latency and throughput per batch size', ['Batch', 'Latency', 'Throughput', 'Bound', 'Fits'], rows);
  }
}
customElements.define('mlsysim-batch-chart', BatchChart);
