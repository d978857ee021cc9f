// The operations part of a scenario (MODELS.md §J, §K, §L): where it runs and how it is loaded.
// Pure (no DOM): shared by url-state.js (URL keys), scenario.js (engine nesting) and site-inputs.js.
// In the URL each is a readable key written only when set (absent = the engine's default):
//   #s=1&…&region=Quebec&years=5&util=0.6&pue=1.3&price=0.08&rate=5.8&slo=5
// Values are the engine's to judge (range, unknown region): parsing checks only that they are numbers.

/** [URL key, scenario field, type]: appended to url-state's KEYS (before cfg). */
export const SITE_KEYS = [
  ['region', 'region', 'name'],
  ['years', 'years', 'decimal'],
  ['util', 'utilization', 'decimal'],
  ['pue', 'pue', 'decimal'],
  ['price', 'price_per_kwh', 'decimal'],
  ['rate', 'arrival_rate', 'decimal'],
  ['slo', 'slo_p99_s', 'decimal'],
];

/** What the engine assumes when a field is absent (shown as placeholders; never written to the URL). */
export const SITE_DEFAULTS = Object.freeze({ region: 'US_Avg', years: 3, utilization: 0.8, price_per_kwh: 0.12 });

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parse a 'decimal' URL value: {value} or {message}. */
export function parseDecimal(field, raw) {
  const value = String(raw).trim();
  const quoted = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  // '1e999' matches the pattern but is Infinity, which JSON.stringify would send as null (= absent).
  if (!DECIMAL_RE.test(value) || !Number.isFinite(Number(value))) return { message: `${field} must be a finite number (got '${quoted}')` };
  return { value: Number(value) };
}

// Scenario field → engine path.
export const SITE_PATHS = {
  region: 'site.region',
  years: 'site.years',
  utilization: 'site.utilization',
  pue: 'site.pue',
  price_per_kwh: 'site.price_per_kwh',
  arrival_rate: 'traffic.arrival_rate',
  slo_p99_s: 'traffic.slo_p99_s',
};

/**
 * Nest the flat scenario's site/traffic fields into the engine scenario `out` (in place).
 * traffic only outside training (the engine ignores it there, with a warning) and only with a rate.
 */
export function addSiteTraffic(out, s) {
  const site = {};
  for (const f of ['region', 'years', 'utilization', 'pue', 'price_per_kwh']) if (s[f] !== undefined) site[f] = s[f];
  if (Object.keys(site).length) out.site = site;
  if (s.arrival_rate !== undefined && s.mode !== 'training') {
    out.traffic = { arrival_rate: s.arrival_rate };
    if (s.slo_p99_s !== undefined) out.traffic.slo_p99_s = s.slo_p99_s;
  }
  return out;
}
