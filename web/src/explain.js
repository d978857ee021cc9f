// Shared pieces of the result panels: the "explain" disclosure built from result.explain entries,
// warning splitting, and a labelled metric (<dt>/<dd>) with its explanation. Text only (textContent).
import { html } from './svg.js';
import { formatWithUnit } from './format.js';

export function splitWarning(w) {
  const m = /^([A-Z][A-Z0-9_]+):\s*(.*)$/s.exec(w);
  return m ? { code: m[1], text: m[2] } : { code: '', text: w };
}

/** The "explain" disclosure of one or more result.explain entries. Its body is built when it is
 *  first opened (a click on the summary comes before the toggle, so it is there in the same frame):
 *  built at once for every number, it cost ~20 ms of the first render. A closed box is kept across
 *  results (morph.js hands it the newest entries as morphData); an opened one is replaced. */
export function explainBlock(entries) {
  const box = html('details', { class: 'explain' });
  const summary = html('summary', {}, box, 'explain');
  box.morphData = entries;
  const build = () => {
    if (box.morphReplace) return;
    box.morphReplace = true; // its body now shows these entries: a new result brings a new box
    for (const e of box.morphData) explainEntry(box, e);
  };
  summary.addEventListener('click', build);
  box.addEventListener('toggle', build); // opened another way (script, find in page)
  return box;
}

function explainEntry(box, e) {
  const sec = html('div', { class: 'explain-entry' }, box);
  html('div', { class: 'explain-quantity' }, sec, e.quantity);
  html('code', { class: 'equation' }, sec, e.equation ?? '');
  const inputs = Object.entries(e.inputs ?? {});
  if (inputs.length) {
    const t = html('table', { class: 'explain-inputs' }, sec);
    html('caption', { class: 'visually-hidden' }, t, `Inputs of ${e.quantity}`);
    const hr = html('tr', {}, html('thead', {}, t));
    for (const h of ['symbol', 'value', 'source']) html('th', { scope: 'col' }, hr, h);
    const tb = html('tbody', {}, t);
    for (const [sym, val] of inputs) {
      const tr = html('tr', {}, tb);
      html('th', { scope: 'row' }, tr, sym);
      html('td', { class: 'num' }, tr, typeof val === 'object' && val !== null ? JSON.stringify(val) : formatWithUnit(val, e.units?.[sym]));
      html('td', {}, tr, e.sources?.[sym] ?? '');
    }
  }
  if (e.source) html('div', { class: 'explain-source' }, sec, `Source: ${e.source}`);
}

/** The explain entries of a result whose quantity is one of qs. */
export const explainFor = (r, ...qs) => (r.explain ?? []).filter((e) => qs.includes(e.quantity));

/**
 * A metric inside a <dl class="metrics">: label, value (text + data-value = the engine number),
 * an optional detail line, and an explain disclosure when the engine explains it.
 */
export function metric(dl, { key, label, text, raw, detail = '', explain = [] }) {
  const item = html('div', { class: 'metric', 'data-metric': key }, dl);
  html('dt', {}, item, label);
  const dd = html('dd', {}, item);
  html('span', { class: 'value', 'data-value': raw }, dd, text);
  if (detail) html('span', { class: 'detail' }, dd, detail);
  if (explain.length) dd.append(explainBlock(explain));
  return item;
}
