// <mlsysim-collective>: a small collectives calculator. One collective's α–β cost from the engine
// (sim.collective, MODELS.md §G): op, message size, GPUs, algorithm, fabric → time, bus and
// algorithm bandwidth, the algorithm chosen and where it runs (intra/inter-node). The seed question
// "ring all-reduce of 1 GB on 256 GPUs" is one click. Set `.sim`, `.hardware` (the page's device)
// and `.fabrics` ([[name, display name]]).
import { html } from './svg.js';
import { formatTime, formatSI, formatNumber } from './format.js';

const OPS = [['all_reduce', 'all-reduce'], ['all_gather', 'all-gather'], ['reduce_scatter', 'reduce-scatter'], ['all_to_all', 'all-to-all'], ['p2p', 'point-to-point']];
const ALGOS = [['auto', 'auto (fastest)'], ['ring', 'ring'], ['tree', 'tree'], ['hierarchical', 'hierarchical']];
export const SEED_EXAMPLE = { op: 'all_reduce', bytes: '1 GB', gpus: 256, algorithm: 'ring' };

function field(parent, id, label, control) {
  const f = html('div', { class: 'field' }, parent);
  html('label', { for: id }, f, label);
  f.append(control);
  control.id = id;
  return f;
}

function select(options, value) {
  const s = html('select');
  for (const [v, t] of options) html('option', { value: v }, s, t);
  s.value = value;
  return s;
}

class CollectivePanel extends HTMLElement {
  sim = null;
  #hardware = 'H100';
  fabrics = [];
  last = null;

  set hardware(h) {
    if (h === this.#hardware) return;
    this.#hardware = h;
    if (this.built) this.compute();
  }

  get hardware() {
    return this.#hardware;
  }

  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const form = html('div', { class: 'collective-form' }, this);
    this.op = select(OPS, 'all_reduce');
    field(form, 'coll-op', 'Operation', this.op);
    this.bytes = html('input', { type: 'text', inputmode: 'text', value: '1 GB', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'coll-bytes-hint' });
    const bf = field(form, 'coll-bytes', 'Message size', this.bytes);
    html('p', { class: 'hint', id: 'coll-bytes-hint' }, bf, 'bytes, or e.g. "1 GB", "256 MiB"');
    this.gpus = html('input', { type: 'number', min: 2, step: 1, value: 256, inputmode: 'numeric' });
    field(form, 'coll-gpus', 'GPUs in the group', this.gpus);
    this.algo = select(ALGOS, 'auto');
    field(form, 'coll-algo', 'Algorithm', this.algo);
    this.fabric = select(this.fabrics.length ? this.fabrics : [['InfiniBand_NDR', 'InfiniBand NDR (400 Gb/s)']], 'InfiniBand_NDR');
    field(form, 'coll-fabric', 'Network fabric', this.fabric);
    const bar = html('div', { class: 'collective-bar' }, this);
    this.example = html('button', { type: 'button', class: 'collective-example' }, bar, 'Example: ring all-reduce of 1 GB on 256 GPUs');
    this.out = html('div', { class: 'collective-out', role: 'status', 'aria-live': 'polite' }, this);
    this.addEventListener('input', () => this.compute());
    this.addEventListener('change', () => this.compute());
    this.example.addEventListener('click', () => {
      this.op.value = SEED_EXAMPLE.op;
      this.bytes.value = SEED_EXAMPLE.bytes;
      this.gpus.value = String(SEED_EXAMPLE.gpus);
      this.algo.value = SEED_EXAMPLE.algorithm;
      this.compute();
    });
    this.compute();
  }

  request() {
    const raw = this.bytes.value.trim();
    const n = Number(raw);
    return {
      op: this.op.value, bytes: raw !== '' && Number.isFinite(n) ? n : raw, gpus: Number(this.gpus.value),
      hardware: this.#hardware, algorithm: this.algo.value, fabric: this.fabric.value,
    };
  }

  compute() {
    if (!this.sim || !this.built) return;
    const req = this.request();
    let r;
    try {
      r = this.sim.collective(req);
    } catch (e) {
      r = { ok: false, error: { path: '', message: `engine failure: ${e?.message ?? e}` } };
    }
    this.last = { request: req, result: r };
    this.out.replaceChildren();
    for (const c of [this.op, this.bytes, this.gpus, this.algo, this.fabric]) c.removeAttribute('aria-invalid');
    if (!r.ok) {
      const p = html('p', { class: 'field-error' }, this.out);
      html('strong', {}, p, r.error.path || 'request');
      html('span', {}, p, `: ${r.error.message}`);
      const bad = { op: this.op, bytes: this.bytes, gpus: this.gpus, algorithm: this.algo, fabric: this.fabric }[String(r.error.path).split('.')[0]];
      bad?.setAttribute('aria-invalid', 'true');
      return;
    }
    const c = r.collective;
    const dl = html('dl', { class: 'metrics collective-metrics' }, this.out);
    const item = (key, label, text, raw, detail = '') => {
      const it = html('div', { class: 'metric', 'data-metric': key }, dl);
      html('dt', {}, it, label);
      const dd = html('dd', {}, it);
      html('span', { class: 'value', 'data-value': raw }, dd, text);
      if (detail) html('span', { class: 'detail' }, dd, detail);
    };
    item('coll-time', 'Time', formatTime(c.time_s), c.time_s, `${formatSI(c.bytes, 'B')} on ${formatNumber(c.gpus)} GPUs (${c.n_nod} node${c.n_nod === 1 ? '' : 's'} × ${c.n_loc})`);
    item('coll-busbw', 'Bus bandwidth', formatSI(c.busbw_Bps, 'B/s'), c.busbw_Bps, `algorithm bandwidth ${formatSI(c.algbw_Bps, 'B/s')}`);
    item('coll-algo', 'Algorithm', `${c.algorithm}${c.inter_algorithm ? ` + ${c.inter_algorithm}` : ''}`, c.algorithm,
      `${c.level}${c.requested_algorithm && c.requested_algorithm !== c.algorithm ? ` (asked for ${c.requested_algorithm})` : ''}`);
    const alt = c.alternatives;
    if (alt) {
      const parts = [['ring', alt.ring_s], ['tree', alt.tree_s], ['hierarchical', alt.hierarchical_s]].filter(([, s]) => Number.isFinite(s));
      if (parts.length) html('p', { class: 'hint collective-alternatives' }, this.out, `All-reduce alternatives: ${parts.map(([k, s]) => `${k} ${formatTime(s)}`).join(', ')}.`);
    }
  }
}

customElements.define('mlsysim-collective', CollectivePanel);
