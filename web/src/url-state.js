// The page's only state: a scenario, carried in the URL hash (DESIGN.md §3 "Shareable URL"), plus
// page-level parts: a pinned scenario A for comparison (keys prefixed `a.`), `predict=1` and the
// committed guess of predict-first mode (`guess=memory&guess_ttft_ms=350`).
//   #s=1&model=ResNet50&hw=A100&bs=32&prec=fp16&seq=2048&out=128&mode=inference&tp=2&cfg=z.…
// Only non-default fields are written, plus s (the schema number). Parsing reports every problem it
// finds (unknown keys included) instead of ignoring it; a field with a bad value keeps its default.
// Names (model, hw) and domains (bs ≥ 1, precision supported by the device) are the engine's to judge:
// parse only checks syntax, so the engine's own message (with its suggestions) reaches the user.

import { SITE_KEYS, parseDecimal } from './site-state.js';

export const SCHEMA = 1;
import { FLEET_KEYS, parseNumber } from './fleet-url.js';

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

// Tensor-parallel degrees the page offers (cluster.tp); absent = 1, written only when > 1.
export const TP_CHOICES = [1, 2, 4, 8];

// URL key → scenario field, in the order they are written. `cfg` (an inline model: a pasted
// Hugging Face config.json) is last because it is long; its value is tagged (see encodeConfig).
const KEYS = [
  ['model', 'model', 'name'],
  ['hw', 'hardware', 'name'],
  ['bs', 'batch_size', 'count'],
  ['prec', 'precision', 'precision'],
  ['seq', 'seq_len', 'count'],
  ['out', 'output_len', 'count'],
  ['mode', 'mode', 'mode'],
  ['tp', 'tp', 'count'],
  ...SITE_KEYS, // region, years, util, pue, price, rate, slo (site-state.js)
  ['cfg', 'cfg', 'inline'],
];
KEYS.splice(KEYS.length - 1, 0, ...FLEET_KEYS); // training inputs (fleet-url.js), before the long cfg
// One measurement of the reader's own (issue 6/6): the output it names and the value measured (a number
// in SI or a unit string such as '115 ms'); the engine judges both. Scenario field calibration.*.
export const CALIBRATION_KEYS = [['calm', 'calibration_metric', 'name'], ['calv', 'calibration_measured', 'name']];
KEYS.splice(KEYS.length - 1, 0, ...CALIBRATION_KEYS);

// Tagged inline payloads: 'z.' + base64url(deflate-raw(UTF-8 JSON)) or 'j.' + base64url(UTF-8 JSON)
// (the second where the browser has no CompressionStream). Syntax is checked by parse(); the payload
// is decoded by decodeConfig(), which is async because (de)compression streams are.
const INLINE_RE = /^[zj]\.[A-Za-z0-9_-]+$/;

// A URL value quoted in a message: at most 40 characters (a shared link may carry a megabyte).
const clip = (raw) => (raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

// At most this many problems are listed for one link (a hostile link may repeat 100 000 bad keys);
// the rest are counted in one last message.
export const MAX_URL_ERRORS = 10;

// Same bound on what a compressed inline payload may inflate to: the engine's input limit
// (kMaxInputBytes, 4 MiB). A link of 100 kB of deflate could otherwise inflate to 100 MB.
export const MAX_INLINE_BYTES = 4 << 20;

/** The scenario with the required defaults filled in (seq_len/output_len stay absent unless set). */
export function withDefaults(partial = {}) {
  return { schema: SCHEMA, ...DEFAULTS, ...partial };
}

/**
 * Parse one scenario key (without its prefix) into `scenario`; returns an error message or null.
 * `prefix` is '' for the scenario being edited and 'a.' for the pinned one (only for messages).
 */
function parseKey(scenario, key, raw) {
  const spec = KEYS.find(([k]) => k === key);
  if (!spec) return undefined; // not a scenario key
  const [, field, type] = spec;
  const value = raw.trim();
  if (type === 'count') {
    if (!/^[+-]?\d+$/.test(value)) return `${field} must be a whole number (got '${clip(raw)}')`;
    // 400 digits parse to Infinity, which JSON.stringify sends as null (= absent): refuse it here.
    if (!Number.isSafeInteger(Number(value))) return `${field} must be a whole number below 2^53 (got '${clip(raw)}')`;
    scenario[field] = Number(value) + 0; // + 0: -0 → 0; range (≥ 1, ≤ 2^20) is the engine's rule and message
    if (field === 'tp' && scenario.tp === 1) delete scenario.tp; // tp = 1 is the default
  } else if (type === 'number') {
    const v = parseNumber(value);
    if (v === undefined || !Number.isFinite(v)) return `${field} must be a finite number ≥ 0 (got '${clip(raw)}')`;
    scenario[field] = v + 0; // -0 → 0, as the link is written back
  } else if (type === 'inline') {
    if (!INLINE_RE.test(value)) return `${key} must be 'z.' or 'j.' followed by base64url text (got '${clip(raw)}')`;
    scenario[field] = value;
  } else if (type === 'decimal') {
    const d = parseDecimal(field, raw);
    if (d.message) return d.message;
    scenario[field] = d.value + 0; // -0 → 0, as the link is written back
  } else if (type === 'mode') {
    if (!MODES.includes(value)) return `mode must be one of ${MODES.join(', ')} (got '${clip(raw)}')`;
    scenario[field] = value;
  } else if (type === 'precision') {
    const p = value.toLowerCase();
    if (!PRECISIONS.includes(p)) return `precision must be one of ${PRECISIONS.join(', ')} (got '${clip(raw)}')`;
    scenario[field] = p;
  } else {
    if (!value) return `${field} must not be empty`;
    scenario[field] = value;
  }
  return null;
}

// Page-level keys beside the scenario. `predict=1` turns on "predict first" (the reader commits a
// guess before the answer is shown). The pinned scenario A of a comparison travels as the same
// readable keys prefixed with `a.`, led by its own schema number `a.s=1` — which is what says "there
// is a pinned scenario" (its fields may all be defaults). Strict: an `a.` key without `a.s`, an
// unknown `a.` key or a bad value is reported like any other parameter, and the pin is dropped
// when its schema is missing or unsupported.
//   #s=1&model=Llama3_8B&bs=8&predict=1&a.s=1&a.model=Llama3_8B
// A committed guess rides beside predict=1 (only when set): `guess` = memory | compute (the
// bottleneck) and `guess_ttft_ms` (the time to first token, ms > 0). Without predict=1 it is reported
// and ignored: a guess only exists in predict-first mode.
export const PIN_PREFIX = 'a.';
const FLAGS = { predict: 'predict' };
export const GUESS_BOUNDS = ['memory', 'compute'];
const GUESS_KEYS = ['guess', 'guess_ttft_ms'];

/**
 * parseState('#…') → { scenario, pinned, predict, guess, errors: [{param, message}] } — the whole
 * page state: the scenario being edited (B when a pin exists), the pinned scenario A (or null), the
 * predict-first flag and its committed guess ({bound?, ttft_ms?} or null). Fields the URL does not
 * set keep their defaults; seq_len/output_len are present only if set.
 */
export function parseState(hash = '') {
  const errors = [];
  const scenario = withDefaults();
  let pinned = null;
  let pinSchema = null;
  let predict = false;
  let guess = null;
  const pinKeys = [];
  const text = String(hash).replace(/^#/, '');
  if (!text) return { scenario, pinned, predict, guess, errors };
  const params = new URLSearchParams(text);
  const seen = new Set();
  const known = () => `s, ${KEYS.map(([k]) => k).join(', ')}, ${[...Object.keys(FLAGS), ...GUESS_KEYS].join(', ')}, a.s, a.<key>`;
  for (const [key, raw] of params) {
    if (seen.has(key)) {
      errors.push({ param: key, message: `appears more than once; the first value is used` });
      continue;
    }
    seen.add(key);
    if (key === 's' || key === 'a.s') {
      if (raw !== String(SCHEMA)) {
        errors.push({ param: key, message: `schema ${JSON.stringify(clip(raw))} is not supported (this page reads schema ${SCHEMA})` +
          (key === 'a.s' ? '; the pinned scenario is dropped' : '') });
      } else if (key === 'a.s') pinSchema = SCHEMA;
      continue;
    }
    if (key in FLAGS) {
      if (raw !== '1' && raw !== '0') errors.push({ param: key, message: `${key} must be 1 or 0 (got '${clip(raw)}')` });
      else predict = raw === '1';
      continue;
    }
    if (key === 'guess') {
      const b = raw.trim().toLowerCase();
      if (!GUESS_BOUNDS.includes(b)) errors.push({ param: key, message: `guess must be one of ${GUESS_BOUNDS.join(', ')} (got '${raw}')` });
      else (guess ??= {}).bound = b;
      continue;
    }
    if (key === 'guess_ttft_ms') {
      const v = parseNumber(raw);
      if (!(v > 0)) errors.push({ param: key, message: `guess_ttft_ms must be a number of milliseconds > 0 (got '${raw}')` });
      else (guess ??= {}).ttft_ms = v;
      continue;
    }
    if (key.startsWith(PIN_PREFIX)) {
      pinKeys.push([key, raw]);
      continue;
    }
    const message = parseKey(scenario, key, raw);
    if (message === undefined) errors.push({ param: clip(key), message: `unknown URL parameter '${clip(key)}' (known: ${known()})` });
    else if (message) errors.push({ param: key, message });
  }
  if (pinKeys.length && pinSchema === null && !seen.has('a.s')) {
    errors.push({ param: pinKeys[0][0], message: `pinned-scenario keys (a.…) need a.s=${SCHEMA} first; the pinned scenario is ignored` });
  }
  if (pinSchema !== null) {
    pinned = withDefaults();
    for (const [key, raw] of pinKeys) {
      const message = parseKey(pinned, key.slice(PIN_PREFIX.length), raw);
      if (message === undefined) errors.push({ param: clip(key), message: `unknown URL parameter '${clip(key)}' (known: ${known()})` });
      else if (message) errors.push({ param: key, message: `pinned scenario: ${message}` });
    }
  }
  if (guess && !predict) {
    errors.push({ param: GUESS_KEYS.find((k) => seen.has(k)), message: 'a guess is only read with predict=1 (predict-first mode); it was ignored' });
    guess = null;
  }
  if (errors.length > MAX_URL_ERRORS) {
    const more = errors.length - (MAX_URL_ERRORS - 1);
    errors.splice(MAX_URL_ERRORS - 1, Infinity, { param: errors[MAX_URL_ERRORS - 1].param, message: `and ${more} more problems in this link (not listed)` });
  }
  return { scenario, pinned, predict, guess, errors };
}

/**
 * parse('#s=1&model=…') → { scenario, errors: [{param, message}] }: the scenario part of the state
 * (errors include those of the page-level keys).
 */
export function parse(hash = '') {
  const { scenario, errors } = parseState(hash);
  return { scenario, errors };
}

function scenarioParts(scenario, prefix = '') {
  const parts = [];
  for (const [key, field] of KEYS) {
    const v = scenario[field];
    if (v === undefined || v === null || v === DEFAULTS[field]) continue;
    if (field === 'tp' && v === 1) continue;
    parts.push(`${prefix}${key}=${encodeURIComponent(String(v))}`);
  }
  return parts;
}

/** serialize(scenario) → '#s=1&…' with only the non-default fields. */
export function serialize(scenario) {
  return '#' + [`s=${SCHEMA}`, ...scenarioParts(scenario)].join('&');
}

/** serializeState({scenario, pinned, predict, guess}) → '#s=1&…[&predict=1[&guess=…]][&a.s=1&a.…]'. */
export function serializeState({ scenario, pinned = null, predict = false, guess = null }) {
  const parts = [`s=${SCHEMA}`, ...scenarioParts(scenario)];
  if (predict) {
    parts.push('predict=1');
    if (guess?.bound) parts.push(`guess=${encodeURIComponent(guess.bound)}`);
    if (guess?.ttft_ms !== undefined) parts.push(`guess_ttft_ms=${encodeURIComponent(String(guess.ttft_ms))}`);
  }
  if (pinned) parts.push(`${PIN_PREFIX}s=${SCHEMA}`, ...scenarioParts(pinned, PIN_PREFIX));
  return '#' + parts.join('&');
}

// ---- Inline objects in the URL -----------------------------------------------------------------

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

// Inflates chunk by chunk and stops at `limit` bytes (a deflate bomb never reaches memory whole).
async function inflate(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new RangeError(`inflates to more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const hasCompression = () => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

/**
 * encodeConfig(jsonText) → 'z.…' (deflate-raw, when CompressionStream exists) or 'j.…' (plain).
 * The text is stored as given: callers pass the minified JSON they send to the engine.
 * options.compress = false forces the plain form (tests; browsers without CompressionStream).
 */
export async function encodeConfig(text, { compress = hasCompression() } = {}) {
  const bytes = new TextEncoder().encode(text);
  if (compress) {
    try {
      return 'z.' + toBase64url(await pipe(bytes, new CompressionStream('deflate-raw')));
    } catch { /* a browser without deflate-raw: fall back to the plain form */ }
  }
  return 'j.' + toBase64url(bytes);
}

/** decodeConfig('z.…' | 'j.…') → the JSON text; throws an Error with a one-line message. */
export async function decodeConfig(value) {
  if (!INLINE_RE.test(value)) throw new Error("must be 'z.' or 'j.' followed by base64url text");
  let bytes;
  try {
    bytes = fromBase64url(value.slice(2));
  } catch {
    throw new Error('is not valid base64url');
  }
  if (value[0] === 'z') {
    if (!hasCompression()) throw new Error('is compressed, and this browser has no DecompressionStream');
    try {
      bytes = await inflate(bytes, MAX_INLINE_BYTES);
    } catch (e) {
      if (e instanceof RangeError) throw new Error(`is larger than ${MAX_INLINE_BYTES / (1 << 20)} MiB once decompressed (the engine's input limit)`);
      throw new Error('could not be decompressed (a cut-off or altered link?)');
    }
  }
  if (bytes.length > MAX_INLINE_BYTES) throw new Error(`is larger than ${MAX_INLINE_BYTES / (1 << 20)} MiB (the engine's input limit)`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('is not UTF-8 text');
  }
}
