// <mlsysim-calibrate>: "I measured this": the reader picks one headline output of the current result,
// enters the value they measured (a number, or a unit string such as '115 ms' or '1650 tokens/s'),
// and the engine fits the efficiency that governs it (scenario block `calibration`, URL keys calm/calv).
// The page says what changed — "efficiency.memory 0.80 → 0.71; Inter-token latency 10.7 → 12.3 ms".
// The controller sets `.result`, `.calibration` ({metric, measured} of the scenario) and `.error`
// (an engine message about calibration.*), and handles `onApply(metric, text)` → {ok} | {ok:false,
// message} and `onClear()`. A refused value leaves the scenario and the shown result as they were.
import { html } from './svg.js';
import { rebuild } from './morph.js';
import { CALIBRATION_METRICS, metricsFor, unitOf, changeText } from './calibrate-format.js';

const PLACEHOLDER = { time: 'e.g. 115 ms', fraction: 'e.g. 0.42 or 42%' };

let uid = 0;

class CalibratePanel extends HTMLElement {
  #result = null;
  #calibration = {};
  #error = null;
  #built = false;
  onApply = null;
  onClear = null;

  connectedCallback() {
    if (this.#built) return;
    this.#built = true;
    const id = `cal-${uid++ || ''}`.replace(/-$/, '');
    html('h3', { class: 'panel-heading' }, this, 'Calibrate with your own measurement');
    html('p', { class: 'hint cal-intro' }, this,
      'Measured one of these numbers for exactly this scenario? Enter it: the engine fits the efficiency that governs it ' +
      '(memory, compute, network or overhead, by what bounds it here), re-solves, and the link keeps it. Changing an input removes it.');
    const form = html('form', { class: 'cal-form', novalidate: '' }, this);
    const f1 = html('div', { class: 'field' }, form);
    html('label', { for: `${id}-metric` }, f1, 'Measured output');
    this.select = html('select', { id: `${id}-metric`, name: 'cal-metric' }, f1);
    const f2 = html('div', { class: 'field' }, form);
    html('label', { for: `${id}-value` }, f2, 'Measured value');
    this.input = html('input', { id: `${id}-value`, name: 'cal-value', type: 'text', inputmode: 'decimal', autocomplete: 'off',
      spellcheck: 'false', 'aria-describedby': `${id}-error ${id}-hint` }, f2);
    const buttons = html('div', { class: 'cal-buttons' }, form);
    this.applyButton = html('button', { type: 'submit', class: 'cal-apply' }, buttons, 'Apply');
    this.clearButton = html('button', { type: 'button', class: 'cal-clear' }, buttons, 'Remove');
    this.errorBox = html('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite', hidden: '' }, form);
    this.hintBox = html('p', { id: `${id}-hint`, class: 'hint cal-hint' }, form);
    this.change = html('p', { class: 'cal-change', role: 'status', 'aria-live': 'polite', hidden: '' }, this);
    this.select.addEventListener('change', () => this.#placeholder());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#apply();
    });
    this.clearButton.addEventListener('click', () => this.onClear?.());
    this.render();
  }

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  /** The scenario's calibration: {metric, measured} (either may be undefined). */
  set calibration(c) {
    this.#calibration = c ?? {};
    if (this.#built) {
      if (c?.metric) this.select.value = c.metric;
      if (document.activeElement !== this.input) this.input.value = c?.measured ?? '';
      this.render();
    }
  }

  /** An engine message about calibration.* to show at the field (null clears it). */
  set error(message) {
    this.#error = message || null;
    if (this.#built) this.#showError(this.#error);
  }

  #showError(message) {
    this.errorBox.hidden = !message;
    this.errorBox.textContent = message ?? '';
    if (message) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }

  #placeholder() {
    const m = CALIBRATION_METRICS.find((x) => x.path === this.select.value);
    const r = this.#result;
    this.input.placeholder = !m ? '' : m.kind === 'rate' ? `e.g. 1650 (${unitOf(m, r)})` : PLACEHOLDER[m.kind];
    this.hintBox.textContent = !m ? '' : m.kind === 'time' ? 'Seconds, or a number with a unit: 115 ms, 2.5 s, 800 µs.'
      : m.kind === 'rate' ? `In ${unitOf(m, r)}.` : 'A fraction of peak (0.42) or a percentage (42%).';
  }

  #apply() {
    const metric = this.select.value;
    const text = this.input.value.trim();
    if (!metric) return;
    if (!text) {
      this.#showError('Enter the value you measured.');
      this.input.focus();
      return;
    }
    const res = this.onApply?.(metric, text);
    if (res && !res.ok) {
      this.#showError(res.message);
      this.input.focus();
    } else {
      this.#showError(null);
    }
  }

  render() {
    if (!this.#built) return;
    const r = this.#result;
    const options = metricsFor(r);
    this.hidden = !options.length;
    const keep = this.#calibration.metric ?? this.select.value;
    // Unchanged options stay: no restyle of the select per keystroke.
    rebuild(this.select, (list) => { for (const m of options) html('option', { value: m.path }, list, m.label); });
    if (options.some((m) => m.path === keep) && this.select.value !== keep) this.select.value = keep;
    this.#placeholder();
    const active = this.#calibration.metric !== undefined;
    this.clearButton.hidden = !active;
    this.dataset.active = String(active);
    const text = active && r?.calibration ? changeText(r) : '';
    this.change.hidden = !text;
    rebuild(this.change, (change) => {
      if (!text) return;
      html('strong', { class: 'cal-what' }, change, text);
      html('span', { class: 'cal-note' }, change, r.calibration.note);
      this.change.dataset.reached = String(!!r.calibration.reached);
    });
    this.#showError(this.#error);
  }
}

customElements.define('mlsysim-calibrate', CalibratePanel);
