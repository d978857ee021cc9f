// <mlsysim-scaling-chart>: throughput per GPU and scaling efficiency against the number of GPUs
// (8 … 16 384, powers of two; tp/pp kept, dp grows), two stacked panels sharing a log2 axis.
// The points come from the sweep worker (one solve per GPU count): set `.data = {ok: true, points,
// current, unit, workload, device}` with points [{x, ok, training: {tokens_per_s_per_gpu |
// samples_per_s_per_gpu, scaling_efficiency}, error}] and current {x, per_gpu, efficiency}.
// `.progress = {done, total}` while the sweep runs (the chart fills point by point).
import { ChartElement } from './chart-base.js';
import { el } from './svg.js';
import { linScale, log2Scale, niceTicks, drawFrame, gpuLabel } from './fleet-axes.js';
import { formatRate, formatPercent, formatNumber } from './format.js';

export const SCALING_GPUS = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

export const perGpu = (t) => t?.tokens_per_s_per_gpu ?? t?.samples_per_s_per_gpu;

class ScalingChart extends ChartElement {
  emptyTitle = 'Throughput per GPU and scaling efficiency against GPUs';
  #progress = null;

  drawable(d) {
    return Array.isArray(d.points);
  }

  set data(d) {
    this.result = d;
  }

  get data() {
    return this.result;
  }

  set progress(p) {
    this.#progress = p;
    const busy = !!p && p.done < p.total;
    this.classList.toggle('is-pending', busy);
    this.setAttribute('aria-busy', String(busy));
  }

  heightFor(width) {
    return Math.round(Math.min(460, Math.max(340, width * 0.66)));
  }

  draw(svg, width, height, d) {
    const unit = d.unit ?? 'tokens/s';
    const pts = d.points.filter((p) => p.ok && p.x > 0 && Number.isFinite(perGpu(p.training)));
    const narrow = width < 480;
    const m = { left: narrow ? 58 : 70, right: 14, top: 12, bottom: 48, gap: 30 };
    const panelH = (height - m.top - m.bottom - m.gap) / 2;
    const xs = [...SCALING_GPUS, d.current?.x].filter((v) => v > 0);
    const x = log2Scale([Math.min(...xs) / 1.3, Math.max(...xs) * 1.3], [m.left, width - m.right]);
    const xTicks = SCALING_GPUS.filter((g, i) => !narrow || i % 2 === 0);
    const panels = [
      { key: 'per_gpu', value: (p) => perGpu(p.training), cur: d.current?.per_gpu, label: `${unit} per GPU`, fmt: (v) => formatRate(v, unit),
        axis: `${unit[0].toUpperCase()}${unit.slice(1)} per GPU`, top: m.top },
      { key: 'efficiency', value: (p) => p.training.scaling_efficiency, cur: d.current?.efficiency, label: 'scaling efficiency',
        fmt: formatPercent, axis: 'Scaling efficiency', top: m.top + panelH + m.gap, pct: true },
    ];
    for (const pn of panels) {
      const vals = [...pts.map(pn.value), pn.cur].filter(Number.isFinite);
      const nt = pn.pct ? niceTicks(0, 1, 4) : niceTicks(0, Math.max(...vals, 1e-9) * 1.08, 4);
      const y = linScale(nt.domain, [pn.top + panelH, pn.top]);
      const g = el('g', { class: `panel panel-${pn.key}` }, svg);
      drawFrame(g, x, y, {
        yTicks: nt.ticks, yFmt: pn.pct ? (t) => `${Math.round(t * 100)}%` : (t) => formatNumber(t), xTicks, xFmt: gpuLabel,
        xLabels: pn === panels[1], yLabel: pn.axis, yLabelOffset: m.left - 14,
      });
      if (d.current?.x > 0) el('line', { x1: x(d.current.x), x2: x(d.current.x), y1: pn.top, y2: pn.top + panelH, class: 'current-line' }, g);
      if (pts.length > 1) el('polyline', { points: pts.map((p) => `${x(p.x)},${y(pn.value(p))}`).join(' '), class: 'scaling-line' }, g);
      for (const p of pts) {
        const v = pn.value(p);
        const pg = el('g', { class: `pt pt-scaling${d.current && p.x === d.current.x ? ' is-current' : ''}`, 'data-gpus': p.x, 'data-value': v }, g);
        el('circle', { cx: x(p.x), cy: y(v), r: p.x === d.current?.x ? 5.5 : 4 }, pg);
        const L = p.training.layout;
        this.tooltip.bind(pg, [`${p.x.toLocaleString('en-US')} GPUs`, `${pn.label}: ${pn.fmt(v)}`,
          L ? `tp ${L.tp} × pp ${L.pp} × dp ${L.dp}${L.cp > 1 ? ` × cp ${L.cp}` : ''}, ${L.microbatches} microbatches` : '']);
      }
    }
    el('text', { x: (m.left + width - m.right) / 2, y: height - 10, 'text-anchor': 'middle', class: 'axis-label' }, svg, 'GPUs (log scale; tp and pp kept, dp grows)');
    const skipped = d.points.filter((p) => !p.ok);
    const first = pts[0];
    const last = pts.at(-1);
    return {
      title: `Throughput per GPU and scaling efficiency against GPUs${d.workload ? `, ${d.workload}` : ''}${d.device ? ` on ${d.device}` : ''}`,
      desc: `Two panels sharing a log-scale GPU axis. ${pts.length} GPU counts computed` +
        (first ? ` from ${first.x} (${formatRate(perGpu(first.training), unit)} per GPU, ${formatPercent(first.training.scaling_efficiency)}) to ${last.x} (${formatRate(perGpu(last.training), unit)} per GPU, ${formatPercent(last.training.scaling_efficiency)})` : '') +
        `.${skipped.length ? ` ${skipped.length} skipped: ${skipped.map((p) => p.x).join(', ')} GPUs.` : ''}`,
    };
  }

  table(d) {
    const unit = d.unit ?? 'tokens/s';
    const rows = d.points.map((p) => (p.ok
      ? [String(p.x), formatRate(perGpu(p.training), unit), formatPercent(p.training.scaling_efficiency), p.training.layout ? `${p.training.layout.tp}×${p.training.layout.pp}×${p.training.layout.dp}` : '']
      : [String(p.x), '—', '—', `skipped: ${p.error?.message ?? 'rejected'}`]));
    return ChartElement.makeTable('Throughput per GPU and scaling efficiency per GPU count', ['GPUs', `${unit} per GPU`, 'Scaling efficiency', 'tp×pp×dp'], rows);
  }
}

customElements.define('mlsysim-scaling-chart', ScalingChart);
