// Display formats for the operations panels (energy, carbon, water, money). Pure; 3 significant
// digits like format.js, en-US grouping. No physics: unit prefixes and rounding only.
import { formatNumber as num, formatSI, formatInteger } from './format.js';
import { powerLabel } from './svg.js';

/** kWh → 'Wh', 'kWh', 'MWh', 'GWh' (tiny per-batch figures go down to µWh). */
export function formatKwh(kwh) {
  if (!Number.isFinite(kwh)) return '—';
  return formatSI(kwh * 1000, 'Wh');
}

/** kg CO2e → 'g', 'kg', 't', 'kt' CO2e. */
export function formatCo2(kg) {
  if (!Number.isFinite(kg)) return '—';
  const a = Math.abs(kg);
  if (a === 0) return '0 kg CO₂e';
  if (Number(a.toPrecision(3)) >= 1e6) return `${num(kg / 1e6)} kt CO₂e`;
  if (Number(a.toPrecision(3)) >= 1e3) return `${num(kg / 1e3)} t CO₂e`;
  if (Number(a.toPrecision(3)) >= 1) return `${num(kg)} kg CO₂e`;
  return `${formatSI(kg * 1000, 'g')} CO₂e`;
}

/** Litres → 'mL', 'L', 'kL', 'ML'. */
export function formatLiters(l) {
  if (!Number.isFinite(l)) return '—';
  return formatSI(l, 'L');
}

/** Watts → 'W', 'kW', 'MW'. */
export function formatWatts(w) {
  return formatSI(w, 'W');
}

/** Joules → 'J', 'mJ', 'kJ'. */
export function formatJoules(j) {
  return formatSI(j, 'J');
}

/** USD → '$0.00092', '$3.60', '$26,200', '$3.92 M'. */
export function formatUsd(x) {
  if (!Number.isFinite(x)) return '—';
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (Number(a.toPrecision(3)) >= 1e9) return `${sign}$${num(a / 1e9)} B`;
  if (Number(a.toPrecision(3)) >= 1e6) return `${sign}$${num(a / 1e6)} M`;
  if (a >= 1000) return `${sign}$${formatInteger(Math.round(Number(a.toPrecision(3))))}`;
  if (a > 0 && a < 1e-4) {
    const [mant, exp] = a.toExponential(2).split('e');
    return `${sign}$${num(Number(mant))} × ${powerLabel(Number(exp))}`;
  }
  return `${sign}$${num(a)}`;
}

/** Compact USD for axis ticks: '$0', '$50k', '$1.5M'. */
export function formatUsdShort(x) {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1e9) return `$${num(x / 1e9)}B`;
  if (a >= 1e6) return `$${num(x / 1e6)}M`;
  if (a >= 1e3) return `$${num(x / 1e3)}k`;
  return `$${num(x)}`;
}

/** A probability → '0.906' (3 significant digits; 1 and 0 as such). */
export function formatProbability(p) {
  if (!Number.isFinite(p)) return '—';
  if (p >= 1) return '1';
  if (p > 0.999) return `> 0.999`;
  return num(p, 3);
}

/** 'token' → 'million tokens' etc. */
export const perMillion = (unit) => `million ${unit === 'sample' ? 'samples' : unit === 'token' ? 'tokens' : `${unit}s`}`;

/** Nice linear ticks from 0 to at least max (about n of them). */
export function linearTicks(max, n = 5) {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks = [];
  for (let v = 0; v <= top + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return { max: top, ticks };
}
