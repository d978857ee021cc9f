// <mlsysim-search>: "search all layouts" for a training scenario. The page runs the scenario with
// training.search = true in the sweep worker; this element shows the button, a spinner and Cancel
// while it runs, the top configurations as a table and why the other candidates failed (counts by
// reason). Clicking a row (or its Apply button) calls `onApply(layout)`.
// Set `.onSearch()` (starts a search), `.onCancel()`, `.busy`, `.data = {rows, stats, unit}` or
// `.error`, and `.current` (the layout of the shown result, to mark the row in use).
import { html } from './svg.js';
import { formatTime, formatRate, formatPercent, formatNumber, formatGiB } from './format.js';

const LAYOUT_KEYS = ['tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual_stages', 'zero', 'recompute'];
const REASONS = { memory: 'do not fit in memory', divisibility: 'do not divide the GPUs, layers, heads or batch' };
const sameLayout = (a, b) => !!a && !!b && LAYOUT_KEYS.every((k) => String(a[k]) === String(b[k]));

class SearchPanel extends HTMLElement {
  onSearch = null;
  onCancel = null;
  onApply = null;
  #busy = false;
  #data = null;
  #error = '';
  current = null;

  connectedCallback() {
    if (this.built) return;
    this.built = true;
    html('h3', { class: 'panel-heading' }, this, 'Parallelism search');
    const bar = html('div', { class: 'search-bar' }, this);
    this.button = html('button', { type: 'button', class: 'search-run' }, bar, 'Search all layouts');
    this.cancel = html('button', { type: 'button', class: 'search-cancel', hidden: '' }, bar, 'Cancel');
    this.spinner = html('span', { class: 'spinner', hidden: '', 'aria-hidden': 'true' }, bar);
    this.status = html('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' }, bar);
    html('p', { class: 'hint' }, this, 'Every tp × pp × dp × cp × ep split of these GPUs, with microbatches, interleaving, ZeRO stage and recompute, ranked by throughput. Click a row to use its layout.');
    this.body = html('div', { class: 'search-body' }, this);
    this.button.addEventListener('click', () => this.onSearch?.());
    this.cancel.addEventListener('click', () => this.onCancel?.());
  }

  set busy(b) {
    this.#busy = b;
    this.setAttribute('aria-busy', String(b));
    if (!this.built) return;
    this.button.disabled = b;
    this.cancel.hidden = !b;
    this.spinner.hidden = !b;
    if (b) this.status.textContent = 'Searching layouts in the background…';
  }

  get busy() {
    return this.#busy;
  }

  set data(d) {
    this.#data = d;
    this.#error = '';
    this.render();
  }

  get data() {
    return this.#data;
  }

  set error(message) {
    this.#error = message;
    this.#data = null;
    this.render();
  }

  /** Forget the results (the scenario changed). */
  clear(note = '') {
    this.#data = null;
    this.#error = '';
    this.render();
    if (this.built) this.status.textContent = note;
  }

  render() {
    if (!this.built) return;
    this.body.replaceChildren();
    if (this.#error) {
      this.status.textContent = `The search failed: ${this.#error}`;
      return;
    }
    const d = this.#data;
    if (!d) return;
    const st = d.stats ?? {};
    const rej = st.rejected ?? {};
    const reasons = Object.entries(rej).filter(([, n]) => n > 0).map(([k, n]) => `${formatNumber(n)} ${REASONS[k] ?? k}`);
    this.status.textContent = `${formatNumber(st.feasible)} of ${formatNumber(st.candidates)} layouts are feasible; showing the best ${d.rows.length}.` +
      (st.truncated ? ' (The candidate list was truncated.)' : '');
    const why = html('p', { class: 'search-rejected', 'data-metric': 'rejected' }, this.body);
    why.textContent = reasons.length ? `Rejected: ${reasons.join('; ')}.` : 'No layout was rejected.';
    for (const [k, n] of Object.entries(rej)) why.dataset[k] = String(n);
    if (!d.rows.length) return;
    const wrap = html('div', { class: 'table-wrap' }, this.body);
    const table = html('table', { class: 'ops-table search-table' }, wrap);
    html('caption', {}, table, `Top layouts by ${d.unit ?? 'tokens/s'} (click a row to apply it)`);
    const hr = html('tr', {}, html('thead', {}, table));
    const heads = ['#', 'tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual stages', 'ZeRO', 'recompute', 'step time', d.unit ?? 'tokens/s', 'MFU', 'memory', ''];
    heads.forEach((h, i) => html('th', { scope: 'col', class: i >= 10 && i <= 13 ? 'num' : '' }, hr, h));
    const tb = html('tbody', {}, table);
    d.rows.forEach((row, i) => {
      const inUse = sameLayout(row, this.current);
      const tr = html('tr', { class: `search-row${inUse ? ' in-use' : ''}`, 'data-rank': i + 1 }, tb);
      html('th', { scope: 'row' }, tr, String(i + 1));
      // data-label: the column name each cell shows above itself on a narrow screen (style.css).
      LAYOUT_KEYS.forEach((k, j) => html('td', { 'data-key': k, 'data-label': k === 'microbatches' ? 'micro\u00adbatches' : heads[j + 1] }, tr, String(row[k])));
      const rate = row.tokens_per_s ?? row.samples_per_s;
      html('td', { class: 'num', 'data-key': 'step_time_s', 'data-value': row.step_time_s, 'data-label': heads[10] }, tr, formatTime(row.step_time_s));
      html('td', { class: 'num', 'data-key': 'rate', 'data-value': rate, 'data-label': heads[11] }, tr, formatRate(rate, d.unit ?? 'tokens/s'));
      html('td', { class: 'num', 'data-key': 'mfu', 'data-value': row.mfu, 'data-label': heads[12] }, tr, formatPercent(row.mfu));
      html('td', { class: 'num', 'data-key': 'required_bytes', 'data-value': row.required_bytes, 'data-label': heads[13] }, tr, formatGiB(row.required_bytes));
      const cell = html('td', {}, tr);
      const b = html('button', { type: 'button', class: 'apply-layout', 'aria-label': `Apply layout ${i + 1}: tp ${row.tp}, pp ${row.pp}, dp ${row.dp}` }, cell, inUse ? 'In use' : 'Apply');
      b.disabled = inUse;
      tr.addEventListener('click', () => { if (!inUse) this.onApply?.(row); });
    });
  }
}

customElements.define('mlsysim-search', SearchPanel);
