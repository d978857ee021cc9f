// <mlsysim-training>: one training step of a result (result.training): the step time split into
// compute, exposed TP/CP/EP/PP/DP communication, pipeline bubble and the rest (per-microbatch and
// optimizer overheads) as a stacked bar; throughput per system and per GPU, MFU and HFU, scaling
// efficiency, time to train (plain and with goodput), and GPUs needed for a target. Arithmetic on
// engine outputs only (compute = busy_fraction × step; the rest = step − the named parts).
import { el, html } from './svg.js';
import { rebuild } from './morph.js';
import { formatTime, formatRate, formatPercent, formatNumber, formatGiB, formatInteger } from './format.js';
import { metric, explainFor, splitWarning } from './explain.js';
import { addBand } from './band-format.js';
import { createTooltip } from './tooltip.js';
import { ResultPanel } from './result-panel.js';

/** Whole counts (GPUs, nodes) in full: 1,024, not 1,020. */
export const formatCount = (n) => (Number.isFinite(n) ? formatInteger(Math.round(n)) : '—');

export const formatDays = (s) => (Number.isFinite(s) ? `${formatNumber(s / 86400)} days` : '—');

/** The step-time parts, in seconds (zero parts dropped). */
export function stepParts(t) {
  const c = t.comm ?? {};
  const parts = [
    ['compute', 'Compute', t.busy_fraction * t.step_time_s],
    ['tp', 'TP comm (exposed)', c.tp], ['cp', 'CP comm (exposed)', c.cp], ['ep', 'EP comm (exposed)', c.ep],
    ['pp', 'PP comm (exposed)', c.pp], ['dp', 'DP comm (exposed)', c.dp],
    ['bubble', 'Pipeline bubble', t.bubble_s],
  ].map(([key, label, s]) => ({ key, label, s: Number.isFinite(s) ? s : 0 }));
  const named = parts.reduce((a, p) => a + p.s, 0);
  const rest = t.step_time_s - named;
  if (rest > 1e-6 * t.step_time_s) parts.push({ key: 'other', label: 'Overheads', s: rest });
  return parts.filter((p) => p.s > 0);
}

export const layoutText = (L) => {
  if (!L) return '';
  const dims = [`tp ${L.tp}`, `pp ${L.pp}`, `dp ${L.dp}`];
  if (L.cp > 1) dims.push(`cp ${L.cp}`);
  if (L.ep > 1) dims.push(`ep ${L.ep}`);
  return `${dims.join(' × ')}`;
};

let uid = 0;

class TrainingPanel extends ResultPanel {
  static observesWidth = true;  // the bar is drawn to the panel's width

  connectedCallback() {
    this.id ||= `training-${++uid}`;
    super.connectedCallback();
  }

  render() {
    rebuild(this, (root) => this.#build(root));
  }

  #build(root) {
    const r = this.result;
    const t = r?.ok ? r.training : null;
    this.hidden = !t;
    if (!t) return;
    const L = t.layout ?? {};
    const unit = Number.isFinite(t.tokens_per_s) ? 'tokens/s' : 'samples/s';
    const rate = t.tokens_per_s ?? t.samples_per_s;
    const rateGpu = t.tokens_per_s_per_gpu ?? t.samples_per_s_per_gpu;
    html('h3', { class: 'panel-heading' }, root, 'Training step');
    const sub = html('p', { class: 'training-layout', 'data-metric': 'layout' }, root);
    sub.textContent = `${formatCount(L.gpus)} GPUs (${formatCount(L.nodes)} node${L.nodes === 1 ? '' : 's'} of ${L.gpus_per_node}): ${layoutText(L)}; ` +
      `${L.microbatches} microbatch${L.microbatches === 1 ? '' : 'es'} of ${L.microbatch_size}, ${L.schedule ?? ''} schedule` +
      `${L.virtual_stages > 1 ? ` (${L.virtual_stages} virtual stages)` : ''}, ZeRO ${L.zero}, recompute ${L.recompute}` +
      `${t.network?.fabric_display_name ? `, ${t.network.fabric_display_name}` : ''}.`;

    // Stacked bar of the step.
    const parts = stepParts(t);
    const width = Math.max(260, this.width || 600);
    const pad = { left: 4, right: 4, top: 6, bottom: 6 };
    const barH = 26;
    const height = pad.top + barH + pad.bottom;
    const total = Math.max(t.step_time_s, parts.reduce((a, p) => a + p.s, 0));
    const x = (s) => pad.left + (s / total) * (width - pad.left - pad.right);
    const host = html('div', { class: 'chart-host step-host' }, root);
    const tooltip = createTooltip(host);
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart step-bar', role: 'group', 'aria-labelledby': `${this.id}-title ${this.id}-desc` });
    host.prepend(svg);
    el('title', { id: `${this.id}-title` }, svg, `Step time ${formatTime(t.step_time_s)}, split by what the GPUs wait for`);
    el('desc', { id: `${this.id}-desc` }, svg, parts.map((p) => `${p.label} ${formatTime(p.s)} (${formatPercent(p.s / t.step_time_s)})`).join(', ') + '.');
    let acc = 0;
    for (const p of parts) {
      const seg = el('g', { class: `step-seg step-${p.key}`, 'data-key': p.key, 'data-seconds': p.s }, svg);
      el('rect', { x: x(acc), y: pad.top, width: Math.max(0.5, x(acc + p.s) - x(acc)), height: barH }, seg);
      tooltip.bind(seg, [p.label, `${formatTime(p.s)} (${formatPercent(p.s / t.step_time_s)} of the step)`]);
      acc += p.s;
    }
    const ul = html('ul', { class: 'mem-legend step-legend' }, root);
    for (const p of parts) {
      const li = html('li', { 'data-key': p.key }, ul);
      html('span', { class: `swatch-box step-${p.key}`, 'aria-hidden': 'true' }, li);
      html('span', {}, li, p.label);
      html('span', { class: 'mem-value', 'data-value': p.s }, li, `${formatTime(p.s)} · ${formatPercent(p.s / t.step_time_s)}`);
    }

    const dl = html('dl', { class: 'metrics training-metrics' }, root);
    const ex = (...q) => explainFor(r, ...q);
    addBand(metric(dl, { key: 'step-time', label: 'Step time', text: formatTime(t.step_time_s), raw: t.step_time_s,
      detail: `pipeline ${formatTime(t.pipeline_s)} + exposed DP sync ${formatTime(t.dp_sync_exposed_s)} + optimizer ${formatTime(t.optimizer_s)}`,
      explain: ex('training.step_time_s', 'training.microbatch.t_mb_s', 'training.bubble_fraction', 'training.dp_sync_exposed_s') }),
    r, 'training.step_time_s', formatTime);
    addBand(metric(dl, { key: 'rate-system', label: `${unit === 'tokens/s' ? 'Tokens' : 'Samples'}/s, system`, text: formatRate(rate, unit), raw: rate, detail: `${formatCount(L.gpus)} GPUs` }),
      r, unit === 'tokens/s' ? 'training.tokens_per_s' : 'training.samples_per_s', (x) => formatRate(x, unit));
    metric(dl, { key: 'rate-gpu', label: `${unit === 'tokens/s' ? 'Tokens' : 'Samples'}/s per GPU`, text: formatRate(rateGpu, unit), raw: rateGpu,
      detail: Number.isFinite(t.single_gpu_rate_per_s) ? `one GPU alone: ${formatRate(t.single_gpu_rate_per_s, unit)}` : '' });
    addBand(metric(dl, { key: 'mfu', label: 'MFU', text: formatPercent(t.mfu), raw: t.mfu, detail: 'model FLOPs ÷ peak', explain: ex('training.mfu') }),
      r, 'training.mfu', formatPercent);
    metric(dl, { key: 'hfu', label: 'HFU', text: formatPercent(t.hfu), raw: t.hfu, detail: 'with recomputed FLOPs' });
    metric(dl, { key: 'scaling', label: 'Scaling efficiency', text: formatPercent(t.scaling_efficiency), raw: t.scaling_efficiency,
      detail: `per-GPU rate ÷ one GPU's; communication ${formatPercent(t.comm_fraction)}, bubble ${formatPercent(t.bubble_fraction)} of the step`,
      explain: ex('training.scaling_efficiency') });
    if (Number.isFinite(r.memory?.required_bytes)) {
      const item = metric(dl, { key: 'memory', label: 'Memory per GPU', text: formatGiB(r.memory.required_bytes), raw: r.memory.required_bytes,
        detail: `${r.memory.fits === false ? 'does not fit' : 'fits'} in ${formatGiB(r.memory.usable_bytes)} usable — breakdown below` });
      item.classList.add(r.memory.fits === false ? 'no-fit' : 'fits');
    }
    const tokens = t.tokens ?? t.samples;
    addBand(metric(dl, { key: 'time-to-train', label: 'Time to train', text: formatDays(t.time_to_train_s), raw: t.time_to_train_s,
      detail: `${formatRate(tokens, unit === 'tokens/s' ? 'tokens' : 'samples')} at this rate, no failures` }), r, 'training.time_to_train_s', formatDays);
    metric(dl, { key: 'effective-time', label: 'Effective time to train', text: formatDays(t.effective_time_to_train_s), raw: t.effective_time_to_train_s,
      detail: Number.isFinite(r.reliability?.goodput) ? `with goodput ${formatPercent(r.reliability.goodput)} (failures, checkpoints, restarts)` : '',
      explain: ex('reliability.goodput') });
    if (Number.isFinite(t.target_days)) {
      const reachable = Number.isFinite(t.gpus_needed);
      const computing = t.gpus_needed === undefined; // the page has the worker search it (app.js): null = unreachable
      const G = t.gpus_needed_layout;
      const warn = (r.warnings ?? []).map(splitWarning).find((w) => w.code === 'DEADLINE_UNREACHABLE');
      const item = metric(dl, { key: 'gpus-needed', label: `GPUs needed for ${formatNumber(t.target_days)} days`,
        text: computing ? 'computing…' : reachable ? formatCount(t.gpus_needed) : 'unreachable', raw: t.gpus_needed ?? '',
        detail: computing ? 'searching the layouts that meet the deadline' : reachable && G
          ? `${layoutText(G)}, ${G.microbatches} microbatches; step ${formatTime(G.step_time_s)}, ${formatDays(G.effective_time_to_train_s)} with failures` +
            (Number.isFinite(t.gpus_needed_first_order) ? ` (first-order estimate ${formatCount(t.gpus_needed_first_order)})` : '')
          : warn?.text ?? 'no layout reaches the target' });
      if (!computing) item.classList.add(reachable ? 'fits' : 'no-fit');
      addBand(item, r, 'training.gpus_needed', formatCount);
    }
  }
}

customElements.define('mlsysim-training', TrainingPanel);
