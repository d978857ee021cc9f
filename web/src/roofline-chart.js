// <mlsysim-roofline-chart>: log-log roofline of one result. Roofs come from the engine's effective and
// peak rates; points are the run itself and its batch sweep. Attained FLOP/s = flops / latency_s
// (the honest figure: it includes fixed overhead, so an overhead-dominated run sits below the roof).
import { ChartElement } from './chart-base.js';
import { el, logScale, decadeDomain, drawAxes, createPlacer } from './svg.js';
import { formatSI, formatTime, formatIntensity, formatRate } from './format.js';

export function attained(flops, latency) {
  return Number.isFinite(flops) && latency > 0 ? flops / latency : NaN;
}

/** Sweep entries with their chart coordinates (intensity, attained). */
export function sweepPoints(perf) {
  return (perf.sweep ?? []).map((p) => ({
    ...p,
    ai: p.arithmetic_intensity,
    att: attained(p.flops, p.latency_s),
  }));
}

class RooflineChart extends ChartElement {
  emptyTitle = 'Roofline chart';

  heightFor(width) {
    return Math.round(width < 480 ? width * 0.95 : Math.min(460, Math.max(300, width * 0.66)));
  }

  draw(svg, width, height, r) {
    const perf = r.performance;
    const dev = r.device;
    const narrow = width < 480;
    const m = { left: narrow ? 56 : 70, right: 16, top: 16, bottom: 50 };
    const BWe = perf.effective_bandwidth;
    const Pe = perf.effective_flops;
    const BW = dev.memory_bandwidth;
    const P = dev.peak_flops;
    const ridge = perf.ridge_point;
    const ridgePeak = perf.ridge_point_peak ?? P / BW;
    const pts = sweepPoints(perf);
    const me = { ai: perf.arithmetic_intensity, att: attained(perf.flops, perf.latency_s) };

    const xs = [me.ai, ridge, ridgePeak, ...pts.map((p) => p.ai)];
    const xDom = decadeDomain(xs, 2.5, 3);
    const ys = [me.att, P, Pe, ...pts.map((p) => p.att)];
    let yDom = decadeDomain(ys, 1.6, 3);
    // Show the memory roof entering from the left: include BW_e·x_min unless that spans > 9 decades.
    const roofLeft = (BWe || BW) * xDom[0];
    if (roofLeft > 0 && roofLeft < yDom[0] && Math.log10(yDom[1] / roofLeft) <= 9) yDom = [10 ** Math.floor(Math.log10(roofLeft)), yDom[1]];
    const x = logScale(xDom, [m.left, width - m.right]);
    const y = logScale(yDom, [height - m.bottom, m.top]);

    drawAxes(svg, x, y, {
      xLabel: 'Arithmetic intensity (FLOP/B)',
      yLabel: 'Attained performance (FLOP/s)',
      yLabelOffset: m.left - 14,
      maxXTicks: narrow ? 5 : 8,
    });

    const clipId = `${this.id}-clip`;
    const clip = el('clipPath', { id: clipId }, el('defs', {}, svg));
    el('rect', { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom }, clip);
    const plot = el('g', { 'clip-path': `url(#${clipId})` }, svg);
    const labels = el('g', { class: 'roof-labels' });

    const roof = (bw, peak, cls) => {
      const r0 = peak / bw;
      const d = `M${x(xDom[0])},${y(bw * xDom[0])} L${x(r0)},${y(peak)} L${x(xDom[1])},${y(peak)}`;
      return el('path', { d, class: cls }, plot);
    };
    if (BW > 0 && P > 0) roof(BW, P, 'roof roof-peak');
    if (BWe > 0 && Pe > 0) roof(BWe, Pe, 'roof roof-effective');

    // Ridge point: dotted drop line to the axis and a label.
    if (ridge > 0 && Pe > 0) {
      el('line', { x1: x(ridge), x2: x(ridge), y1: y(Pe), y2: height - m.bottom, class: 'ridge-line' }, plot);
      const g = el('g', { class: 'ridge', tabindex: 0 }, svg);
      el('circle', { cx: x(ridge), cy: y(Pe), r: 4.5 }, g);
      el('text', { x: x(ridge) + 7, y: height - m.bottom - 8, class: 'ridge-label' }, g, `ridge ${formatIntensity(ridge)}`);
      this.tooltip.bind(g, [
        'Ridge point (effective)',
        `${formatIntensity(ridge)} = ${formatSI(Pe, 'FLOP/s')} ÷ ${formatSI(BWe, 'B/s')}`,
        `peak ridge ${formatIntensity(ridgePeak)}`,
      ]);
    }

    // Batch sweep: trajectory line, then points (filled = fits, hollow = does not fit).
    const valid = pts.filter((p) => p.ai > 0 && p.att > 0);
    if (valid.length > 1) {
      el('polyline', { points: valid.map((p) => `${x(p.ai)},${y(p.att)}`).join(' '), class: 'sweep-line' }, plot);
    }
    const sweepG = el('g', { class: 'sweep-points' }, svg);
    for (const p of valid) {
      const g = el('g', {
        class: `pt pt-sweep ${p.bottleneck === 'compute' ? 'is-compute' : 'is-memory'} ${p.fits === false ? 'no-fit' : 'fits'}`,
        'data-batch': p.batch,
      }, sweepG);
      el('circle', { cx: x(p.ai), cy: y(p.att), r: 4 }, g);
      this.tooltip.bind(g, [
        `Batch ${p.batch}${p.fits === false ? ' (does not fit in memory)' : ''}`,
        `${p.bottleneck}-bound`,
        `intensity ${formatIntensity(p.ai)}`,
        `attained ${formatSI(p.att, 'FLOP/s')}`,
        `latency ${formatTime(p.latency_s)}`,
        `throughput ${formatRate(p.throughput_per_s, perf.throughput_unit ?? 'samples/s')}`,
      ]);
    }
    // Label the first and last sweep batches (the last to the right of its point).
    if (valid.length) {
      const a = valid[0];
      el('text', { x: x(a.ai), y: y(a.att) + 17, 'text-anchor': 'middle', class: 'pt-label' }, sweepG, `B=${a.batch}`);
      const z = valid.at(-1);
      if (z !== a) el('text', { x: x(z.ai) + 8, y: y(z.att) + 4, class: 'pt-label' }, sweepG, `B=${z.batch}`);
    }

    // Labels go where no point (and no earlier label) is: roofs first, then the run.
    const placer = createPlacer({ x0: m.left + 2, y0: m.top + 2, x1: width - m.right - 2, y1: height - m.bottom - 2 });
    for (const p of valid) placer.point(x(p.ai), y(p.att), 6);
    if (me.ai > 0 && me.att > 0) placer.point(x(me.ai), y(me.att), 10);
    if (ridge > 0 && Pe > 0) placer.box({ x0: x(ridge), y0: height - m.bottom - 20, x1: x(ridge) + 110, y1: height - m.bottom });
    for (const t of sweepG.querySelectorAll('text')) {
      const tx = Number(t.getAttribute('x'));
      const ty = Number(t.getAttribute('y'));
      placer.box({ x0: tx - 18, y0: ty - 10, x1: tx + 30, y1: ty + 3 });
    }
    // The flat roofs are obstacles too.
    if (Pe > 0) placer.box({ x0: x(ridge), x1: width, y0: y(Pe) - 1.5, y1: y(Pe) + 1.5 });
    if (P > 0) placer.box({ x0: x(ridgePeak), x1: width, y0: y(P) - 1.5, y1: y(P) + 1.5 });
    if (BWe > 0 && Pe > 0) {
      // Along the slope, above it (points always sit on or under the roofs): try a few positions.
      // Above the dashed peak slope, so the text crosses neither roof.
      const t = `memory ${formatSI(BWe, 'B/s')}`;
      const a = Math.atan2(y(BWe * 10) - y(BWe), x(10) - x(1)) * 180 / Math.PI;
      const xRidgeData = Pe / BWe;
      const spanDec = Math.log10(xRidgeData / xDom[0]);
      for (const f of [0.18, 0.08, 0.3, 0.03]) {
        const lx = xDom[0] * 10 ** (spanDec * f);
        const px = x(lx);
        const py = y(Math.max(BW || 0, BWe) * lx) - 6;
        if (py < m.top + 12 || py > height - m.bottom - 4) continue;
        el('text', { x: px, y: py, transform: `rotate(${a.toFixed(2)},${px},${py})`, class: 'roof-label label-halo' }, labels, t);
        // Register the rotated text as a chain of small boxes so other labels keep clear of it.
        const len = t.length * 11 * 0.56;
        const rad = (a * Math.PI) / 180;
        for (let d = 0; d <= len; d += 8) {
          const bx = px + d * Math.cos(rad) + 5 * Math.sin(rad);
          const by = py + d * Math.sin(rad) - 5 * Math.cos(rad);
          placer.box({ x0: bx - 5, x1: bx + 5, y0: by - 6, y1: by + 6 });
        }
        break;
      }
    }


    // The run itself.
    if (me.ai > 0 && me.att > 0) {
      const g = el('g', { class: `pt pt-workload ${perf.bottleneck === 'compute' ? 'is-compute' : 'is-memory'}` }, svg);
      const cx = x(me.ai);
      const cy = y(me.att);
      el('circle', { cx, cy, r: 9, class: 'halo' }, g);
      el('circle', { cx, cy, r: 5.5, class: 'core' }, g);
      const c = placer.place('this run', [
        { x: cx + 12, y: cy - 9 }, { x: cx - 12, y: cy - 9, anchor: 'end' },
        { x: cx + 12, y: cy + 16 }, { x: cx - 12, y: cy + 16, anchor: 'end' },
        { x: cx, y: cy + 24, anchor: 'middle' }, { x: cx, y: cy - 16, anchor: 'middle' },
      ], 11.5);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-main label-halo' }, g, 'this run');
      this.tooltip.bind(g, [
        `This run: ${r.workload.display_name ?? r.workload.name} on ${dev.display_name ?? dev.name}, ${dev.precision ?? ''}`,
        `${perf.bottleneck}-bound`,
        `intensity ${formatIntensity(me.ai)} (ridge ${formatIntensity(ridge)})`,
        `attained ${formatSI(me.att, 'FLOP/s')} = ${formatSI(perf.flops, 'FLOP')} ÷ ${formatTime(perf.latency_s)}`,
      ]);
    }

    // Roof labels after the run's label, in the places left free.
    const xr = width - m.right - 6;
    if (P > 0) {
      const t = `peak ${formatSI(P, 'FLOP/s')} ${dev.precision ?? ''}`.trim();
      const c = placer.place(t, [{ x: xr, y: y(P) - 6, anchor: 'end' }, { x: xr, y: y(P) + 14, anchor: 'end' }]);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor, class: 'roof-label roof-label-peak' }, labels, t);
    }
    if (Pe > 0) {
      let t = `effective ${formatSI(Pe, 'FLOP/s')}`;
      const xRidge = x(ridge) + 8;
      const cands = [
        { x: xr, y: y(Pe) + 15, anchor: 'end' }, { x: xRidge, y: y(Pe) + 15 }, { x: xr, y: y(Pe) + 30, anchor: 'end' },
        { x: xRidge, y: y(Pe) + 30 }, { x: xr, y: y(Pe) + 45, anchor: 'end' }, { x: xr, y: y(Pe) + 60, anchor: 'end' },
        { x: xr, y: y(Pe) + 75, anchor: 'end' },
      ];
      let c = placer.place(t, cands, 11, true);
      if (!c) {
        t = formatSI(Pe, 'FLOP/s'); // narrow plots: the legend says which roof is the effective one
        c = placer.place(t, cands);
      }
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'roof-label label-halo' }, labels, t);
    }
    svg.insertBefore(labels, sweepG);
    const side = me.ai < ridge ? 'left of (below) the ridge: memory side' : 'right of the ridge: compute side';
    return {
      title: `Roofline of ${r.workload.display_name ?? r.workload.name} on ${dev.display_name ?? dev.name} (${dev.precision ?? ''})`,
      desc: `Log-log roofline. Memory roof ${formatSI(BWe, 'B/s')} effective (${formatSI(BW, 'B/s')} peak), ` +
        `compute roof ${formatSI(Pe, 'FLOP/s')} effective (${formatSI(P, 'FLOP/s')} peak), ridge ${formatIntensity(ridge)}. ` +
        `This run: intensity ${formatIntensity(me.ai)}, ${side}, attained ${formatSI(me.att, 'FLOP/s')}. ` +
        `${valid.length} batch-sweep points from batch ${valid[0]?.batch ?? '—'} to ${valid.at(-1)?.batch ?? '—'}` +
        (perf.crossover_batch ? `; the sweep turns compute-bound at batch ${perf.crossover_batch}.` : '; no swept batch is compute-bound.'),
    };
  }

  table(r) {
    const perf = r.performance;
    const rows = sweepPoints(perf).map((p) => [
      String(p.batch), formatIntensity(p.ai), formatSI(p.att, 'FLOP/s'), p.bottleneck, p.fits === false ? 'no' : 'yes',
    ]);
    rows.unshift([`this run`, formatIntensity(perf.arithmetic_intensity), formatSI(attained(perf.flops, perf.latency_s), 'FLOP/s'), perf.bottleneck, r.memory?.fits === false ? 'no' : 'yes']);
    return ChartElement.makeTable('Roofline points: arithmetic intensity and attained FLOP/s (flops ÷ latency) per batch size',
      ['Batch', 'Intensity', 'Attained', 'Bound', 'Fits'], rows);
  }
}

customElements.define('mlsysim-roofline-chart', RooflineChart);
