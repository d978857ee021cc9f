// Human formatting of SI values for display. Pure functions; no physics here, only units and rounding.
// Every display uses 3 significant digits (MFU and fractions: 2 below 10 %), en-US digit grouping.

// Rounding and en-US grouping are done here rather than by Intl.NumberFormat: a page's first
// Intl formatter loads locale data, ~10 ms inside the first render. The output is Intl's
// (maximumSignificantDigits, en-US): tests/browser/format.test.mjs compares the two.
/** '1234567.5' → '1,234,567.5' (a plain decimal string, optional '-'). */
function group(text) {
  const [int, frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return sign + grouped + (frac ? `.${frac}` : '');
}

/** x rounded to `digits` significant digits, half away from zero, on its shortest decimal form
 *  (as Intl does: 1.005 → 1.01), printed without exponent or trailing zeros. */
function roundDecimal(x, digits) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  const sign = m[1];
  const all = m[2] + (m[3] ?? '');
  const lead = all.search(/[1-9]/);
  if (lead < 0) return sign ? '-0' : '0';
  let point = m[2].length + Number(m[4] ?? 0) - lead; // digits before the decimal point, from the first non-zero
  let kept = all.slice(lead, lead + digits);
  if ((all[lead + digits] ?? '0') >= '5') {
    const up = String(BigInt(kept) + 1n);
    if (up.length > kept.length) point += 1;
    kept = up.slice(0, digits);
  }
  kept = kept.replace(/0+$/, '');
  let text;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${kept}`;
  else if (point >= kept.length) text = kept + '0'.repeat(point - kept.length);
  else text = `${kept.slice(0, point)}.${kept.slice(point)}`;
  return sign + text;
}

function num(x, digits = 3) {
  if (!Number.isFinite(x)) return '—';
  return group(Object.is(x, -0) ? '-0' : roundDecimal(x, digits));
}
export { num as formatNumber };

/** A whole number with en-US grouping ('26,200'), halves away from zero. */
export function formatInteger(x) {
  if (!Number.isFinite(x)) return '—';
  const whole = Math.sign(x) * Math.round(Math.abs(x)); // -0 for -0.3, as Intl prints it
  // 17 significant digits hold every digit of a double's shortest form: no rounding here.
  return group(Object.is(whole, -0) ? '-0' : roundDecimal(whole, 17));
}

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
