// <mlsysim-queueing>: the queue in front of the replica(s) (result.queueing, MODELS.md §J): offered
// load, P50/P99 response time, SLO attainment (a probability), and the replicas the P99 target
// needs; with the P99-against-load chart. Utilization ≥ 1 is stated as unstable, with no percentile.
import { html } from './svg.js';
import { metric, explainFor } from './explain.js';
import { addBand } from './band-format.js';
import { formatTime, formatNumber, formatPercent } from './format.js';
import { formatProbability } from './ops-format.js';
import './p99-chart.js';
import { ResultPanel } from './result-panel.js';

const MODEL = { mgc: 'M/G/c', mmc: 'M/M/c', mm1: 'M/M/1', md1: 'M/D/1', mg1: 'M/G/1' };

class QueueingPanel extends ResultPanel {
  render() {
    const r = this.result;
    const q = r?.ok ? r.queueing : null;
    this.hidden = !q;
    if (!q) {
      this.replaceChildren();
      return;
    }
    const chart = this.querySelector('mlsysim-p99-chart') ?? html('mlsysim-p99-chart');
    this.replaceChildren();
    this.dataset.stable = String(!!q.stable);
    html('h3', { class: 'panel-heading' }, this, 'Queueing and tail latency');
    html('p', { class: 'ops-scope' }, this,
      `${MODEL[q.model] ?? q.model} queue: ${formatNumber(q.arrival_rate, 3)} requests/s onto ${q.replicas} replica${q.replicas === 1 ? '' : 's'} with ${q.servers} slots; ` +
      `capacity ${formatNumber(q.capacity_rps, 3)} requests/s.`);
    if (!q.stable) {
      const box = html('p', { class: 'q-unstable', role: 'status', 'data-metric': 'unstable' }, this);
      html('strong', {}, box, 'Unstable: the queue grows without bound. ');
      html('span', {}, box, `Requests arrive at ${formatNumber(q.arrival_rate, 3)}/s but the replica serves at most ${formatNumber(q.capacity_rps, 3)}/s ` +
        `(utilization ${formatNumber(q.utilization, 3)} ≥ 1), so waiting times have no percentile.`);
    }
    const dl = html('dl', { class: 'metrics' }, this);
    const ex = (...k) => explainFor(r, ...k);
    const u = metric(dl, { key: 'utilization', label: 'Utilization', text: formatNumber(q.utilization, 3), raw: q.utilization,
      detail: q.stable ? `${formatPercent(q.utilization)} of the slots busy; wait probability ${formatNumber(q.p_wait, 3)}` : 'arrivals exceed capacity',
      explain: ex('queueing.utilization') });
    u.classList.toggle('no-fit', !q.stable);
    const meter = html('meter', { min: 0, max: 1, low: 0.7, high: 0.9, optimum: 0.3, value: Math.min(1, q.utilization), 'aria-label': 'Utilization' });
    u.querySelector('.value').after(meter);
    const unbounded = 'unbounded';
    metric(dl, { key: 'p50', label: 'P50 response time', text: q.stable && Number.isFinite(q.p50_s) ? formatTime(q.p50_s) : unbounded, raw: q.stable ? q.p50_s : undefined,
      detail: q.stable ? `mean wait ${formatTime(q.mean_wait_s)}` : 'the queue never settles', explain: ex('queueing.p50_s') });
    const p99 = metric(dl, { key: 'p99', label: 'P99 response time', text: q.stable && Number.isFinite(q.p99_s) ? formatTime(q.p99_s) : unbounded, raw: q.stable ? q.p99_s : undefined,
      detail: Number.isFinite(q.slo_p99_s) ? `target ${formatTime(q.slo_p99_s)}${q.stable ? (q.p99_s <= q.slo_p99_s ? ': met' : ': missed') : ''}` : 'no target set',
      explain: ex('queueing.p99_s') });
    if (Number.isFinite(q.slo_p99_s)) p99.classList.add(q.stable && q.p99_s <= q.slo_p99_s ? 'fits' : 'no-fit');
    addBand(p99, r, 'queueing.p99_s', formatTime);
    if (Number.isFinite(q.slo_p99_s)) {
      metric(dl, { key: 'attainment', label: 'SLO attainment', text: formatProbability(q.slo_attainment), raw: q.slo_attainment,
        detail: `probability a request finishes within ${formatTime(q.slo_p99_s)}`, explain: ex('queueing.slo_attainment') });
      const ok = Number.isFinite(q.replicas_needed);
      const rep = metric(dl, { key: 'replicas', label: 'Replicas for the P99 target', text: ok ? String(q.replicas_needed) : 'out of reach', raw: q.replicas_needed ?? undefined,
        detail: ok ? `${q.gpus_needed} GPUs (now ${q.replicas} replica${q.replicas === 1 ? '' : 's'})` : 'no replica count meets the target', explain: ex('queueing.replicas_needed') });
      rep.classList.add(ok && q.replicas_needed <= q.replicas ? 'fits' : 'no-fit');
      addBand(rep, r, 'queueing.replicas_needed', String);
    }
    const fig = html('figure', { class: 'ops-figure' }, this);
    const cap = html('figcaption', {}, fig);
    html('strong', {}, cap, 'Tail latency against load. ');
    html('span', {}, cap, 'Solid: P99, dashed: P50, from 5 % to 99 % of capacity; horizontal: the P99 target; vertical: this load.');
    fig.append(chart);
    chart.result = r;
  }
}

customElements.define('mlsysim-queueing', QueueingPanel);
