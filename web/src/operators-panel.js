// <mlsysim-operators>: where the time goes, by operator class (qkv, attention, output projection,
// MLP/experts, norms, embedding, LM head — the engine's names), each marked memory- or
// compute-bound. Per phase (prefill, decode) when the result carries phases.*.operators, else the
// totals of performance.operators (the whole generation for decoders, one pass otherwise).
import { el, html } from './svg.js';
import { formatTime, formatSI, formatBytes, formatPercent } from './format.js';
import { ResultPanel } from './result-panel.js';

const LABEL = {
  'qkv projection': 'QKV projection', 'attention core': 'Attention (scores × values)', 'output projection': 'Output projection',
  mlp: 'MLP', 'moe router': 'MoE router', 'moe experts': 'MoE experts', 'norms & elementwise': 'Norms & elementwise',
  embedding: 'Embedding', 'final norm': 'Final norm', 'lm head': 'LM head',
};
export const operatorLabel = (name) => LABEL[name] ?? name.charAt(0).toUpperCase() + name.slice(1);

/** The groups to show: [{key, title, ops}] from a result. */
export function operatorGroups(r) {
  const perf = r.performance ?? {};
  const ph = perf.phases ?? {};
  const groups = [];
  for (const [key, title] of [['prefill', 'Prefill (the prompt pass)'], ['decode', 'Decode (one step)']]) {
    if (Array.isArray(ph[key]?.operators) && ph[key].operators.length) groups.push({ key, title, ops: ph[key].operators });
  }
  if (groups.length) return groups;
  if (!Array.isArray(perf.operators) || !perf.operators.length) return [];
  const title = perf.scope === 'generation' ? 'Whole generation (prefill and every decode step, summed)'
    : perf.scope === 'iteration' ? 'One serving iteration' : 'One pass';
  return [{ key: 'total', title, ops: perf.operators }];
}

class OperatorsPanel extends ResultPanel {
  render() {
    const r = this.result;
    this.replaceChildren();
    const groups = r?.ok ? operatorGroups(r) : [];
    this.hidden = !groups.length;
    if (!groups.length) return;
    html('h3', { class: 'panel-heading' }, this, 'Where the time goes, by operator');
    for (const g of groups) {
      const total = g.ops.reduce((a, o) => a + (Number.isFinite(o.time_s) ? o.time_s : 0), 0);
      const wrap = html('div', { class: 'table-wrap' }, this);
      const table = html('table', { class: 'ops-table', 'data-group': g.key }, wrap);
      html('caption', {}, table, `${g.title}: operator times sum to ${formatTime(total)}`);
      const hr = html('tr', {}, html('thead', {}, table));
      for (const [h, cls] of [['Operator', ''], ['Time', 'num'], ['Share', 'share'], ['Bound', ''], ['FLOPs', 'num wide'], ['Bytes', 'num wide']]) {
        html('th', { scope: 'col', class: cls }, hr, h);
      }
      const tb = html('tbody', {}, table);
      const max = Math.max(...g.ops.map((o) => o.time_s || 0));
      for (const o of g.ops) {
        const bound = o.bound ?? (o.t_compute_s >= o.t_memory_s ? 'compute' : 'memory');
        const tr = html('tr', { 'data-operator': o.name, 'data-bound': bound }, tb);
        html('th', { scope: 'row' }, tr, operatorLabel(o.name));
        html('td', { class: 'num', 'data-value': o.time_s }, tr, formatTime(o.time_s));
        const share = total > 0 ? o.time_s / total : 0;
        const td = html('td', { class: 'share' }, tr);
        const svg = el('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'share-bar', 'aria-hidden': 'true' }, td);
        el('rect', { x: 0, y: 1, width: 100, height: 8, class: 'share-track' }, svg);
        el('rect', { x: 0, y: 1, width: max > 0 ? (100 * o.time_s) / max : 0, height: 8, class: `share-fill is-${bound}` }, svg);
        html('span', { class: 'share-text' }, td, formatPercent(share));
        const b = html('td', { class: `bound is-${bound}` }, tr);
        html('span', { class: `dot is-${bound}`, 'aria-hidden': 'true' }, b);
        html('span', {}, b, `${bound}-bound`);
        html('td', { class: 'num wide' }, tr, o.flops ? formatSI(o.flops, 'FLOP') : '0');
        html('td', { class: 'num wide' }, tr, formatBytes(o.bytes));
      }
    }
    const perf = r.performance ?? {};
    if (Number.isFinite(perf.overhead_s) && perf.overhead_s > 0) {
      html('p', { class: 'hint' }, this, `Latency adds fixed overhead (${formatTime(perf.overhead_s)}: launches, host work) on top of the operator times.`);
    }
  }
}

customElements.define('mlsysim-operators', OperatorsPanel);
