// Human formatting of SI values for display. Pure functions; no physics here, only units and rounding.
// Every display uses 3 significant digits (MFU and fractions: 2 below 10 %), en-US digit grouping.

const nf = new Map();
function num(x, digits = 3) {
  if (!Number.isFinite(x)) return '—';
  let f = nf.get(digits);
  if (!f) nf.set(digits, (f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits })));
  return f.format(x);
}
export { num as formatNumber };

// A whole number with en-US grouping ('26,200'): one formatter for all (toLocaleString builds one
// per call).
let integer = null;
export const formatInteger = (x) => (integer ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(x);

const SI = [
  [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''],
  [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'],
];

/** 1.872e14, 'FLOP/s' → '187 TFLOP/s'; decimal prefixes. */
export function formatSI(x, unit, digits = 3) {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return `0 ${unit}`.trim();
  const a = Math.abs(x);
  for (const [scale, prefix] of SI) {
    // Compare after rounding so 999.7 k shows as 1 M, not 1,000 k.
    if (Number(Math.abs(x / scale).toPrecision(digits)) >= 1 || scale === 1e-9) {
      return `${num(x / scale, digits)} ${prefix}${unit}`.trim();
    }
  }
  return `${num(a)} ${unit}`;
}

/** Seconds → '588 µs', '11.7 ms', '4.65 s', '2.5 min' above 120 s. */
export function formatTime(s, digits = 3) {
  if (!Number.isFinite(s)) return '—';
  if (s >= 7200) return `${num(s / 3600, digits)} h`;
  if (s >= 120) return `${num(s / 60, digits)} min`;
  if (s >= 1 || s === 0) return `${num(s, digits)} s`;
  return formatSI(s, 's', digits);
}

/** Bytes → GiB (the unit vendors mean by "80 GB" of HBM; DESIGN.md §4). */
export function formatGiB(b, digits = 3) {
  if (!Number.isFinite(b)) return '—';
  return `${num(b / 2 ** 30, digits)} GiB`;
}

/** Bytes with an adaptive binary prefix: '51.2 MiB', '1.05 GiB'. */
export function formatBytes(b, digits = 3) {
  if (!Number.isFinite(b)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = b;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${num(v, digits)} ${units[i]}`;
}

/** Fraction → '4.5%', '57.4%'. */
export function formatPercent(f) {
  if (!Number.isFinite(f)) return '—';
  const p = f * 100;
  return `${num(p, Math.abs(p) < 10 ? 2 : 3)}%`;
}

/** Rates: '1,700 samples/s'; ≥ 1e6 uses SI prefixes ('1.2 M tokens/s'). */
export function formatRate(x, unit) {
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1e6) return formatSI(x, unit).replace(/ ([kMGTPE])/, ' $1 ');
  return `${num(x)} ${unit}`;
}

export function formatIntensity(x) {
  return Number.isFinite(x) ? `${num(x)} FLOP/B` : '—';
}

/** A value with a unit string from an explain entry (s, B, B/s, FLOP, FLOP/s, layers, …). */
export function formatWithUnit(x, unit = '') {
  if (typeof x !== 'number') return String(x);
  switch (unit) {
    case 's': return formatTime(x);
    case 'B': return formatBytes(x);
    case 'B/s': return formatSI(x, 'B/s');
    case 'FLOP': return formatSI(x, 'FLOP');
    case 'FLOP/s': return formatSI(x, 'FLOP/s');
    case 'FLOP/B': return formatIntensity(x);
    case '': case undefined: case null: return num(x, 4);
    default: return `${num(x, 4)} ${unit}`;
  }
}

/** Parse a display string back to SI (used by tests and nowhere else would need it). */
export function parseDisplayed(text) {
  const m = String(text).trim().replace(/,/g, '').match(/^(-?[\d.]+(?:e[+-]?\d+)?)\s*(.*)$/i);
  if (!m) return NaN;
  const v = Number(m[1]);
  const unit = m[2];
  const time = { ns: 1e-9, 'µs': 1e-6, us: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 };
  if (unit in time) return v * time[unit];
  if (unit === '%') return v / 100;
  if (unit === 'GiB') return v * 2 ** 30;
  const pre = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  const sm = unit.match(/^([kMGTPE])\s?(.*)$/);
  if (sm && /^(FLOP|B|samples|tokens)/.test(sm[2])) return v * pre[sm[1]];
  return v;
}
