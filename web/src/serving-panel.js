// <mlsysim-serving>: the LLM serving numbers of one result (result.serving, decoders only): time to
// first token, inter-token latency, request latency, tokens/s per system and per GPU, KV cache per
// token and per request, KV pressure and the most concurrent sequences that fit. Set `.result`
// and `.batch` (the scenario's batch size, for the "this run" line). Fields render only when present.
import { html } from './svg.js';
import { rebuild } from './morph.js';
import { formatTime, formatRate, formatPercent, formatBytes } from './format.js';
import { metric, explainFor } from './explain.js';
import { addBand } from './band-format.js';

/**
 * KV pressure: the engine's serving.kv_utilization when it gives one; else the KV bytes held
 * (memory.breakdown.kv_cache = batch × KV per request) over the memory left for KV once weights,
 * workspace and reserve are placed (usable − every other breakdown entry). Arithmetic on engine
 * outputs only; `source` says which one was used.
 */
export function kvPressure(r) {
  const s = r.serving ?? {};
  if (Number.isFinite(s.kv_utilization)) return { value: s.kv_utilization, source: 'engine' };
  const m = r.memory;
  const kv = m?.breakdown?.kv_cache;
  if (!Number.isFinite(kv) || !Number.isFinite(m.usable_bytes) || !Number.isFinite(m.required_bytes)) return null;
  const room = m.usable_bytes - (m.required_bytes - kv);
  if (!(room > 0)) return { value: Infinity, source: 'page', room };
  return { value: kv / room, source: 'page', room };
}

class ServingPanel extends HTMLElement {
  #result = null;
  batch = undefined;

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  connectedCallback() {
    this.render();
  }

  render() {
    rebuild(this, (root) => this.#build(root));
  }

  #build(root) {
    const r = this.#result;
    const s = r?.ok ? r.serving : null;
    this.hidden = !s;
    if (!s) return;
    html('h3', { class: 'panel-heading' }, root, 'LLM serving');
    const dl = html('dl', { class: 'metrics' }, root);
    const has = (k) => Number.isFinite(s[k]);
    const ex = (...q) => explainFor(r, ...q);
    if (has('ttft_s')) {
      addBand(metric(dl, { key: 'ttft', label: 'Time to first token', text: formatTime(s.ttft_s), raw: s.ttft_s,
        detail: has('prefill_s') ? `prefill ${formatTime(s.prefill_s)} + host overhead ${formatTime(s.ttft_s - s.prefill_s)}` : '',
        explain: ex('serving.ttft_s', 'serving.prefill_s') }), r, 'serving.ttft_s', formatTime);
    }
    if (has('itl_s')) {
      const parts = [];
      if (has('decode_step_s') && Math.abs(s.decode_step_s - s.itl_s) > 1e-15 * s.itl_s) parts.push(`decode step ${formatTime(s.decode_step_s)}`);
      if (has('spec_tokens_per_step')) parts.push(`${formatRate(s.spec_tokens_per_step, 'tokens')} per verification (speculative)`);
      addBand(metric(dl, { key: 'itl', label: 'Inter-token latency', text: formatTime(s.itl_s), raw: s.itl_s,
        detail: parts.join(' · ') || 'one decode step per output token',
        explain: ex('serving.itl_s', 'serving.decode_step_s', 'serving.spec_tokens_per_step') }), r, 'serving.itl_s', formatTime);
    }
    if (has('request_latency_s')) {
      addBand(metric(dl, { key: 'request-latency', label: 'Request latency (end to end)', text: formatTime(s.request_latency_s), raw: s.request_latency_s,
        detail: 'first token + the rest of the output', explain: ex('serving.request_latency_s') }), r, 'serving.request_latency_s', formatTime);
    }
    if (has('tokens_per_s')) {
      addBand(metric(dl, { key: 'tokens-system', label: 'Output tokens/s, system', text: formatRate(s.tokens_per_s, 'tokens/s'), raw: s.tokens_per_s,
        detail: Number.isFinite(this.batch) ? `${this.batch} sequence${this.batch === 1 ? '' : 's'} in flight` : '', explain: ex('serving.tokens_per_s') }),
      r, 'serving.tokens_per_s', (x) => formatRate(x, 'tokens/s'));
    }
    if (has('tokens_per_s_per_gpu')) {
      metric(dl, { key: 'tokens-gpu', label: 'Output tokens/s per GPU', text: formatRate(s.tokens_per_s_per_gpu, 'tokens/s'), raw: s.tokens_per_s_per_gpu,
        explain: ex('serving.tokens_per_s_per_gpu') });
    }
    if (has('kv_cache_bytes_per_token')) {
      metric(dl, { key: 'kv-token', label: 'KV cache per token', text: formatBytes(s.kv_cache_bytes_per_token), raw: s.kv_cache_bytes_per_token,
        detail: 'all layers, keys and values', explain: ex('serving.kv_cache_bytes_per_token', 'workload.kv_cache_bytes_per_token') });
    }
    if (has('kv_cache_bytes_per_seq')) {
      metric(dl, { key: 'kv-seq', label: 'KV cache per request', text: formatBytes(s.kv_cache_bytes_per_seq), raw: s.kv_cache_bytes_per_seq,
        detail: 'prompt + output tokens', explain: ex('serving.kv_cache_bytes_per_seq') });
    }
    const kv = kvPressure(r);
    if (kv) {
      const over = !(kv.value <= 1);
      const item = metric(dl, { key: 'kv-pressure', label: 'KV pressure', text: Number.isFinite(kv.value) ? formatPercent(kv.value) : 'no room', raw: kv.value,
        detail: kv.source === 'engine'
          ? 'of the memory left for KV cache'
          : `KV held ${formatBytes(r.memory.breakdown.kv_cache)} ÷ ${formatBytes(Math.max(0, kv.room))} left for KV after weights, workspace and reserve`,
        explain: ex('serving.kv_utilization') });
      const meter = html('meter', { min: 0, max: 1, low: 0.7, high: 0.9, optimum: 0.2, value: Math.min(1, Number.isFinite(kv.value) ? kv.value : 1), 'aria-label': 'KV pressure' });
      item.querySelector('.value').after(meter);
      item.classList.toggle('no-fit', over);
      item.dataset.source = kv.source;
    }
    if (has('max_batch')) {
      const B = this.batch;
      const over = Number.isFinite(B) && B > s.max_batch;
      const item = metric(dl, { key: 'max-batch', label: 'Most concurrent sequences that fit', text: String(s.max_batch), raw: s.max_batch,
        detail: Number.isFinite(B) ? (over ? `this run asks for ${B}: does not fit` : `this run: ${B}`) : '',
        explain: ex('serving.max_batch', 'memory.max_batch') });
      item.classList.add(over ? 'no-fit' : 'fits');
    }
  }
}

customElements.define('mlsysim-serving', ServingPanel);
