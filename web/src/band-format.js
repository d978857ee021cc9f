// The uncertainty band and accuracy class of a headline number (MODELS.md §M), shown beside the number:
// "11.7 ms (9.77–16.0 ms)", with the class on hover (title) and in the number's explain disclosure.
// The band is the engine's result.bands[path] = [low, high] (high null: a corner has no solution);
// the class is result.accuracy[path]. Formatting only: no physics here. Text via textContent.
import { html } from './svg.js';

export const ACCURACY_TEXT = {
  exact: 'exact: arithmetic of the inputs and the catalog',
  roofline: 'roofline: first-order performance; long-prompt prefill and large-batch training land within about ±20% of public measurements, short prompts and batch 1 are overhead-dominated and less certain',
  composite: 'composite: roofline plus behavioral models (queueing, failures, power, prices) whose assumptions dominate',
  prior: 'prior: a rough literature prior',
};

const BAND_SOURCE = 'Band: the pessimistic and optimistic corners of the documented efficiency and overhead ranges ' +
  '(MODELS.md §C.1, §M); parameters you set yourself, or calibrated, are held fixed.';

/** The band of `path` in a result: {low, high} (high null = unbounded above), or null when there is none. */
export function bandOf(result, path) {
  const b = result?.bands?.[path];
  if (!Array.isArray(b) || b.length !== 2 || !Number.isFinite(b[0])) return null;
  return { low: b[0], high: Number.isFinite(b[1]) ? b[1] : null };
}

// "9.77 ms" → ["9.77", "ms"]; a text without a unit → [text, ''].
function split(text) {
  const m = /^(\S+)\s(.+)$/.exec(text);
  return m ? [m[1], m[2]] : [text, ''];
}

/**
 * The band as text with the number's own formatter: '9.77–16.0 ms' (the unit once when both ends
 * share it), '980 µs–1.12 ms', '≥ 2' when unbounded above.
 */
export function bandText(band, format) {
  if (!band) return '';
  if (band.high === null) return `≥ ${format(band.low)}`;
  const text = pairText(band.low, band.high, format, '–');
  return text === format(band.low) ? `≈ ${text}` : text;  // the corners agree to display precision
}

/** Two values with one formatter, the shared unit written once: '88.0–121 ms', '103 → 115 ms'. */
export function pairText(a, b, format, sep) {
  const lo = format(a);
  const hi = format(b);
  if (lo === hi) return lo;
  const [ln, lu] = split(lo);
  const [hn, hu] = split(hi);
  if (lu && lu === hu) return `${ln}${sep}${hn} ${hu}`;
  // Currency and other prefixed units ('$3.06', '$4.68') read fine as they are.
  return `${lo}${sep}${hi}`;
}

/** The hover text of a banded number: its band, where it comes from, and the accuracy class. */
export function bandTitle(result, path, band, format) {
  const cls = result?.accuracy?.[path];
  const lines = [];
  if (band) lines.push(`${path}: ${band.high === null ? `at least ${format(band.low)}; at one corner it has no solution (no upper bound)` : `${format(band.low)} to ${format(band.high)}`}.`, BAND_SOURCE);
  if (cls) lines.push(`Accuracy class ${ACCURACY_TEXT[cls] ?? cls}.`);
  return lines.join('\n');
}

/**
 * Adds the band of `path` after the value of a metric item (a <div class="metric"> with a .value),
 * the class as data-accuracy, and a line in its explain disclosure. Returns the item.
 */
export function addBand(item, result, path, format) {
  if (!item) return item;
  const band = bandOf(result, path);
  const cls = result?.accuracy?.[path];
  if (cls) item.dataset.accuracy = cls;
  if (!band) return item;
  const value = item.querySelector('.value');
  const title = bandTitle(result, path, band, format);
  const span = html('span', { class: 'band', 'data-path': path, 'data-low': band.low, 'data-high': band.high ?? '', title });
  html('span', { class: 'band-text' }, span, `(${bandText(band, format)})`);
  html('span', { class: 'visually-hidden' }, span, ` uncertainty band${cls ? `, accuracy class ${cls}` : ''}`);
  (value ?? item).after(span);
  const explain = item.querySelector('details.explain');
  if (explain) {
    const note = html('div', { class: 'explain-entry band-note' });
    html('div', { class: 'explain-quantity' }, note, `${path}: band and accuracy`);
    for (const line of title.split('\n').slice(1)) html('p', { class: 'explain-source' }, note, line);
    explain.querySelector('summary').after(note);
  }
  return item;
}
