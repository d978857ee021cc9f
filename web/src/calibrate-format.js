// The calibration's words and numbers for the page (pure, no DOM): which outputs a measurement may
// name, their formatters, and what changed — "efficiency.memory 0.80 → 0.71; Inter-token latency
// 9.97 → 11 ms" from result.calibration. Used by <mlsysim-calibrate> and the page tests.
import { formatTime, formatRate, formatPercent, formatNumber } from './format.js';
import { pairText } from './band-format.js';

const rate = (unit) => (x) => formatRate(x, unit);

// The outputs a measurement may name (the engine's calibration metrics), as the page labels them.
export const CALIBRATION_METRICS = [
  { path: 'serving.ttft_s', label: 'Time to first token', kind: 'time' },
  { path: 'serving.itl_s', label: 'Inter-token latency', kind: 'time' },
  { path: 'serving.request_latency_s', label: 'Request latency', kind: 'time' },
  { path: 'serving.tokens_per_s', label: 'Output tokens/s (system)', kind: 'rate', unit: 'tokens/s' },
  { path: 'training.step_time_s', label: 'Step time', kind: 'time' },
  { path: 'training.tokens_per_s', label: 'Tokens/s (system)', kind: 'rate', unit: 'tokens/s' },
  { path: 'training.samples_per_s', label: 'Samples/s (system)', kind: 'rate', unit: 'samples/s' },
  { path: 'training.mfu', label: 'MFU', kind: 'fraction' },
  { path: 'performance.latency_s', label: 'Latency', kind: 'time' },
  { path: 'performance.throughput_per_s', label: 'Throughput', kind: 'rate' },
  { path: 'performance.mfu', label: 'MFU (performance)', kind: 'fraction' },
];

/** The calibration metrics a result can take, in the order above (serving and training first). */
export function metricsFor(r) {
  if (!r?.ok || !r.bands) return [];
  const list = CALIBRATION_METRICS.filter((m) => Array.isArray(r.bands[m.path]));
  // performance.* repeat the serving/training headline numbers there: offer them only when nothing else is.
  const own = list.filter((m) => !m.path.startsWith('performance.'));
  return own.length ? own : list;
}

/** The rate unit of a metric in a result (throughput follows the result's own unit). */
export function unitOf(m, r) {
  if (m.unit) return m.unit;
  return r?.performance?.throughput_unit ?? 'samples/s';
}

/** The formatter of a calibration metric in a result. */
export function formatterFor(path, r) {
  const m = CALIBRATION_METRICS.find((x) => x.path === path);
  if (!m) return (x) => formatNumber(x);
  if (m.kind === 'time') return formatTime;
  if (m.kind === 'fraction') return formatPercent;
  return rate(unitOf(m, r));
}

/** A fitted parameter's value: efficiencies as fractions ('0.80'), overheads as times. */
export function formatParameter(path, x) {
  if (!Number.isFinite(x)) return '—';
  return /_s$/.test(path) ? formatTime(x) : x.toPrecision(2);
}

/** "efficiency.memory 0.80 → 0.71; Inter-token latency 10.7 → 12.3 ms" from result.calibration. */
export function changeText(r) {
  const c = r?.calibration;
  if (!c) return '';
  const m = CALIBRATION_METRICS.find((x) => x.path === c.metric);
  const label = m?.label ?? c.metric;
  const fmt = formatterFor(c.metric, r);
  if (!c.reached) return `${c.parameter} unchanged at ${formatParameter(c.parameter, c.from)}: ${label} ${fmt(c.measured)} is out of reach`;
  return `${c.parameter} ${pairText(c.from, c.to, (x) => formatParameter(c.parameter, x), ' → ')}; ` +
    `${label} ${pairText(c.predicted_before, c.predicted_after, fmt, ' → ')}`;
}
