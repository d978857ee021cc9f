// The page's only state: a scenario, carried in the URL hash (DESIGN.md §3 "Shareable URL").
//   #s=1&model=ResNet50&hw=A100&bs=32&prec=fp16&seq=2048&out=128&mode=inference
// Only non-default fields are written, plus s (the schema number). Parsing reports every problem it
// finds (unknown keys included) instead of ignoring it; a field with a bad value keeps its default.
// Names (model, hw) and domains (bs ≥ 1, precision supported by the device) are the engine's to judge:
// parse only checks syntax, so the engine's own message (with its suggestions) reaches the user.

export const SCHEMA = 1;

export const DEFAULTS = Object.freeze({
  model: 'ResNet50',
  hardware: 'A100',
  mode: 'inference',
  precision: 'fp16',
  batch_size: 1,
});

// seq_len / output_len are optional: absent means the engine's default (2048 and 128 for decoders,
// the catalog sequence length for encoders; ignored for CNNs). The page leaves them out unless set.
export const LLM_DEFAULTS = Object.freeze({ seq_len: 2048, output_len: 128 });

export const MODES = ['inference', 'serving', 'training'];
export const PRECISIONS = ['fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4', 'int4'];

// URL key → scenario field, in the order they are written.
const KEYS = [
  ['model', 'model', 'name'],
  ['hw', 'hardware', 'name'],
  ['bs', 'batch_size', 'count'],
  ['prec', 'precision', 'precision'],
  ['seq', 'seq_len', 'count'],
  ['out', 'output_len', 'count'],
  ['mode', 'mode', 'mode'],
];

/** The scenario with the required defaults filled in (seq_len/output_len stay absent unless set). */
export function withDefaults(partial = {}) {
  return { schema: SCHEMA, ...DEFAULTS, ...partial };
}

/**
 * parse('#s=1&model=…') → { scenario, errors: [{param, message}] }.
 * Fields the URL does not set keep their defaults; seq_len/output_len are present only if set.
 */
export function parse(hash = '') {
  const errors = [];
  const scenario = withDefaults();
  const text = String(hash).replace(/^#/, '');
  if (!text) return { scenario, errors };
  const params = new URLSearchParams(text);
  const seen = new Set();
  for (const [key, raw] of params) {
    if (seen.has(key)) {
      errors.push({ param: key, message: `appears more than once; the first value is used` });
      continue;
    }
    seen.add(key);
    if (key === 's') {
      if (raw !== String(SCHEMA))
        errors.push({ param: 's', message: `schema ${JSON.stringify(raw)} is not supported (this page reads schema ${SCHEMA})` });
      continue;
    }
    const spec = KEYS.find(([k]) => k === key);
    if (!spec) {
      errors.push({ param: key, message: `unknown URL parameter '${key}' (known: s, ${KEYS.map(([k]) => k).join(', ')})` });
      continue;
    }
    const [, field, type] = spec;
    const value = raw.trim();
    if (type === 'count') {
      if (!/^[+-]?\d+$/.test(value)) {
        errors.push({ param: key, message: `${field} must be a whole number (got '${raw}')` });
        continue;
      }
      scenario[field] = Number(value); // range (≥ 1, ≤ 2^20) is the engine's rule and message
    } else if (type === 'mode') {
      if (!MODES.includes(value)) {
        errors.push({ param: key, message: `mode must be one of ${MODES.join(', ')} (got '${raw}')` });
        continue;
      }
      scenario[field] = value;
    } else if (type === 'precision') {
      const p = value.toLowerCase();
      if (!PRECISIONS.includes(p)) {
        errors.push({ param: key, message: `precision must be one of ${PRECISIONS.join(', ')} (got '${raw}')` });
        continue;
      }
      scenario[field] = p;
    } else {
      if (!value) {
        errors.push({ param: key, message: `${field} must not be empty` });
        continue;
      }
      scenario[field] = value;
    }
  }
  return { scenario, errors };
}

/** serialize(scenario) → '#s=1&…' with only the non-default fields. */
export function serialize(scenario) {
  const parts = [`s=${SCHEMA}`];
  for (const [key, field] of KEYS) {
    const v = scenario[field];
    if (v === undefined || v === null || v === DEFAULTS[field]) continue;
    parts.push(`${key}=${encodeURIComponent(String(v))}`);
  }
  return '#' + parts.join('&');
}
