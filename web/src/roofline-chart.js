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

/**
 * Prefill and decode as roofline points: intensity from phases.*.arithmetic_intensity; attained =
 * flops / time_s when the phase carries its FLOPs, else placed on the effective roof at that
 * intensity (onRoof: true, which the caption says).
 */
export function phasePoints(perf) {
  const out = [];
  for (const key of ['prefill', 'decode']) {
    const ph = perf.phases?.[key];
    if (!ph || !(ph.arithmetic_intensity > 0)) continue;
    let att = attained(ph.flops, ph.time_s);
    let onRoof = false;
    if (!(att > 0)) {
      att = Math.min(perf.effective_flops, perf.effective_bandwidth * ph.arithmetic_intensity);
      onRoof = true;
    }
    if (att > 0) out.push({ key, ai: ph.arithmetic_intensity, att, onRoof, bottleneck: ph.bottleneck, time_s: ph.time_s });
  }
  return out;
}

class RooflineChart extends ChartElement {
  emptyTitle = 'Roofline chart';
  #pinned = null;

  /** The pinned result A of a comparison (or null): drawn hollow and labelled "A" beside this run (B). */
  set pinned(r) {
    this.#pinned = r?.ok && r.performance ? r : null;
    this.render();
  }

  get pinned() {
    return this.#pinned;
  }

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
    const phases = phasePoints(perf);
    const A = this.#pinned;
    const pa = A ? { ai: A.performance.arithmetic_intensity, att: attained(A.performance.flops, A.performance.latency_s) } : null;
    // A's own roof, when its device or precision differs from B's (else the roofs coincide).
    const aRoof = A && (A.performance.effective_flops !== perf.effective_flops || A.performance.effective_bandwidth !== perf.effective_bandwidth)
      ? { bw: A.performance.effective_bandwidth, peak: A.performance.effective_flops } : null;
    this.phaseNote = phases.some((p) => p.onRoof)
      ? 'Prefill (square) and decode (diamond) are placed by their arithmetic intensity on the effective roof: this engine gives no per-phase FLOPs, so their attained FLOP/s is the roof, not a measurement.'
      : phases.length ? 'Prefill (square) and decode (diamond): attained FLOP/s = phase FLOPs ÷ phase time.' : '';

    const xs = [me.ai, ridge, ridgePeak, ...pts.map((p) => p.ai), ...phases.map((p) => p.ai), pa?.ai, aRoof ? aRoof.peak / aRoof.bw : NaN];
    const xDom = decadeDomain(xs, 2.5, 3);
    const ys = [me.att, P, Pe, ...pts.map((p) => p.att), ...phases.map((p) => p.att), pa?.att, aRoof?.peak];
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
    if (aRoof && aRoof.bw > 0 && aRoof.peak > 0) roof(aRoof.bw, aRoof.peak, 'roof roof-pinned');

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
      if (z !== a) {
        // Right of the point, unless a phase marker sits there: then below, or left.
        const zx = x(z.ai);
        const zy = y(z.att);
        const w = `B=${z.batch}`.length * 6;
        const hit = (x0, x1, y0, y1) => phases.some((p) => { const px = x(p.ai); const py = y(p.att); return px + 9 > x0 && px - 9 < x1 && py + 9 > y0 && py - 9 < y1; });
        const c = [[zx + 8, zy + 4, 'start'], [zx, zy + 17, 'middle'], [zx - 8, zy + 4, 'end'], [zx, zy - 9, 'middle']]
          .find(([tx, ty, an]) => { const x0 = an === 'start' ? tx : an === 'end' ? tx - w : tx - w / 2; return !hit(x0, x0 + w, ty - 10, ty + 3); }) ?? [zx + 8, zy + 4, 'start'];
        el('text', { x: c[0], y: c[1], 'text-anchor': c[2], class: 'pt-label' }, sweepG, `B=${z.batch}`);
      }
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
      for (const f of [0.18, 0.08, 0.3, 0.03, 0.45, 0.6]) {
        const lx = xDom[0] * 10 ** (spanDec * f);
        const px = x(lx);
        const py = y(Math.max(BW || 0, BWe) * lx) - 6;
        if (py < m.top + 12 || py > height - m.bottom - 4) continue;
        const span = t.length * 11 * 0.56 * Math.cos((a * Math.PI) / 180);
        if (phases.some((p) => x(p.ai) > px - 14 && x(p.ai) < px + span + 14)) continue; // keep clear of a phase marker
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


    // Prefill and decode: a square and a diamond, labelled where the placer finds room.
    const phaseG = el('g', { class: 'phase-points' }, svg);
    for (const ph of phases) {
      const cx = x(ph.ai);
      const cy = y(ph.att);
      const g = el('g', { class: `pt pt-phase phase-${ph.key} ${ph.bottleneck === 'compute' ? 'is-compute' : 'is-memory'}${ph.onRoof ? ' on-roof' : ''}`, 'data-phase': ph.key }, phaseG);
      const r0 = 6;
      if (ph.key === 'prefill') el('rect', { x: cx - r0, y: cy - r0, width: 2 * r0, height: 2 * r0, class: 'phase-mark' }, g);
      else el('path', { d: `M${cx},${cy - r0 - 1.5} L${cx + r0 + 1.5},${cy} L${cx},${cy + r0 + 1.5} L${cx - r0 - 1.5},${cy} Z`, class: 'phase-mark' }, g);
      placer.point(cx, cy, 9);
      const c = placer.place(ph.key, [
        { x: cx + 11, y: cy + 16 }, { x: cx - 11, y: cy + 16, anchor: 'end' }, { x: cx, y: cy + 24, anchor: 'middle' },
        { x: cx + 11, y: cy - 10 }, { x: cx - 11, y: cy - 10, anchor: 'end' },
      ], 11);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label phase-label label-halo' }, g, ph.key);
      this.tooltip.bind(g, [
        `${ph.key === 'prefill' ? 'Prefill (the prompt pass)' : 'Decode (one step)'}: ${ph.bottleneck}-bound`,
        `intensity ${formatIntensity(ph.ai)}`,
        ph.onRoof ? `on the effective roof: ${formatSI(ph.att, 'FLOP/s')} (no per-phase FLOPs from the engine)` : `attained ${formatSI(ph.att, 'FLOP/s')}`,
        `time ${formatTime(ph.time_s)}`,
      ]);
    }

    // The pinned scenario A: a hollow ring labelled "A".
    if (pa && pa.ai > 0 && pa.att > 0) {
      const g = el('g', { class: `pt pt-pinned ${A.performance.bottleneck === 'compute' ? 'is-compute' : 'is-memory'}` }, svg);
      const cx = x(pa.ai);
      const cy = y(pa.att);
      el('circle', { cx, cy, r: 7.5, class: 'pin-ring' }, g);
      placer.point(cx, cy, 10);
      const c = placer.place('A', [
        { x: cx - 11, y: cy - 9, anchor: 'end' }, { x: cx + 11, y: cy - 9 }, { x: cx - 11, y: cy + 16, anchor: 'end' },
        { x: cx + 11, y: cy + 16 }, { x: cx, y: cy - 14, anchor: 'middle' }, { x: cx, y: cy + 24, anchor: 'middle' },
      ], 12);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-pin label-halo' }, g, 'A');
      this.tooltip.bind(g, [
        `A (pinned): ${A.workload.display_name ?? A.workload.name} on ${A.device.display_name ?? A.device.name}, ${A.device.precision ?? ''}`,
        `${A.performance.bottleneck}-bound`,
        `intensity ${formatIntensity(pa.ai)}`,
        `attained ${formatSI(pa.att, 'FLOP/s')}`,
      ]);
    }

    // The run itself.
    if (me.ai > 0 && me.att > 0) {
      const g = el('g', { class: `pt pt-workload ${perf.bottleneck === 'compute' ? 'is-compute' : 'is-memory'}` }, svg);
      const cx = x(me.ai);
      const cy = y(me.att);
      el('circle', { cx, cy, r: 9, class: 'halo' }, g);
      el('circle', { cx, cy, r: 5.5, class: 'core' }, g);
      const runLabel = pa ? 'B (this run)' : 'this run';
      const c = placer.place(runLabel, [
        { x: cx + 12, y: cy - 9 }, { x: cx - 12, y: cy - 9, anchor: 'end' },
        { x: cx + 12, y: cy + 16 }, { x: cx - 12, y: cy + 16, anchor: 'end' },
        { x: cx, y: cy + 24, anchor: 'middle' }, { x: cx, y: cy - 16, anchor: 'middle' },
      ], 11.5);
      el('text', { x: c.x, y: c.y, 'text-anchor': c.anchor ?? 'start', class: 'pt-label pt-label-main label-halo' }, g, runLabel);
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
    this.#showNote();
    const side = me.ai < ridge ? 'left of (below) the ridge: memory side' : 'right of the ridge: compute side';
    return {
      title: `Roofline of ${r.workload.display_name ?? r.workload.name} on ${dev.display_name ?? dev.name} (${dev.precision ?? ''})`,
      desc: `Log-log roofline. Memory roof ${formatSI(BWe, 'B/s')} effective (${formatSI(BW, 'B/s')} peak), ` +
        `compute roof ${formatSI(Pe, 'FLOP/s')} effective (${formatSI(P, 'FLOP/s')} peak), ridge ${formatIntensity(ridge)}. ` +
        `This run: intensity ${formatIntensity(me.ai)}, ${side}, attained ${formatSI(me.att, 'FLOP/s')}. ` +
        `${valid.length} batch-sweep points from batch ${valid[0]?.batch ?? '—'} to ${valid.at(-1)?.batch ?? '—'}` +
        (perf.crossover_batch ? `; the sweep turns compute-bound at batch ${perf.crossover_batch}.` : '; no swept batch is compute-bound.') +
        phases.map((p) => ` ${p.key}: intensity ${formatIntensity(p.ai)}, ${p.bottleneck}-bound${p.onRoof ? ' (placed on the effective roof)' : ''}.`).join('') +
        (pa ? ` Pinned scenario A (hollow ring): ${A.workload.display_name ?? A.workload.name} on ${A.device.display_name ?? A.device.name}, intensity ${formatIntensity(pa.ai)}, attained ${formatSI(pa.att, 'FLOP/s')}, ${A.performance.bottleneck}-bound${aRoof ? `; its effective roof is drawn dotted (${formatSI(aRoof.peak, 'FLOP/s')}, ${formatSI(aRoof.bw, 'B/s')})` : ''}.` : ''),
    };
  }

  #showNote() {
    let note = this.querySelector('.chart-note');
    if (!note) note = this.appendChild(Object.assign(document.createElement('p'), { className: 'chart-note' }));
    note.textContent = this.phaseNote;
    note.hidden = !this.phaseNote;
  }

  table(r) {
    const perf = r.performance;
    const rows = sweepPoints(perf).map((p) => [
      String(p.batch), formatIntensity(p.ai), formatSI(p.att, 'FLOP/s'), p.bottleneck, p.fits === false ? 'no' : 'yes',
    ]);
    for (const p of phasePoints(perf)) rows.unshift([p.key, formatIntensity(p.ai), formatSI(p.att, 'FLOP/s') + (p.onRoof ? ' (roof)' : ''), p.bottleneck, '']);
    const A = this.#pinned;
    if (A) rows.unshift(['A (pinned)', formatIntensity(A.performance.arithmetic_intensity), formatSI(attained(A.performance.flops, A.performance.latency_s), 'FLOP/s'), A.performance.bottleneck, A.memory?.fits === false ? 'no' : 'yes']);
    rows.unshift([A ? 'B (this run)' : `this run`, formatIntensity(perf.arithmetic_intensity), formatSI(attained(perf.flops, perf.latency_s), 'FLOP/s'), perf.bottleneck, r.memory?.fits === false ? 'no' : 'yes']);
    return ChartElement.makeTable('Roofline points: arithmetic intensity and attained FLOP/s (flops ÷ latency) per batch size',
      ['Batch', 'Intensity', 'Attained', 'Bound', 'Fits'], rows);
  }
}

customElements.define('mlsysim-roofline-chart', RooflineChart);
