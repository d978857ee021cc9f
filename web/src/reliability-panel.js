// <mlsysim-reliability>: failures and checkpoints of a training run (result.reliability): fleet and
// node MTBF, checkpoint size and write time, the interval used and the Young–Daly optimum, expected
// failures and lost work, restart time, goodput and the effective time to train. Set `.result`.
import { html } from './svg.js';
import { formatTime, formatPercent, formatNumber, formatBytes } from './format.js';
import { metric, explainFor } from './explain.js';
import { formatDays } from './training-panel.js';
import { ResultPanel } from './result-panel.js';

class ReliabilityPanel extends ResultPanel {
  render() {
    const r = this.result;
    const rel = r?.ok ? r.reliability : null;
    this.replaceChildren();
    this.hidden = !rel;
    if (!rel) return;
    html('h3', { class: 'panel-heading' }, this, 'Failures and checkpoints');
    const dl = html('dl', { class: 'metrics' }, this);
    const ex = (...q) => explainFor(r, ...q);
    metric(dl, { key: 'fleet-mtbf', label: 'Fleet MTBF', text: formatTime(rel.fleet_mtbf_s), raw: rel.fleet_mtbf_s,
      detail: `${formatNumber(rel.nodes)} nodes, each failing every ${formatNumber(rel.node_mtbf_s / 86400 / 365.25)} years on average`,
      explain: ex('reliability.fleet_mtbf_s') });
    metric(dl, { key: 'checkpoint-size', label: 'Checkpoint size', text: formatBytes(rel.checkpoint_bytes), raw: rel.checkpoint_bytes,
      detail: `${formatNumber(rel.checkpoint_bytes_per_param)} bytes per parameter` });
    metric(dl, { key: 'checkpoint-write', label: 'Checkpoint write', text: formatTime(rel.checkpoint_write_s), raw: rel.checkpoint_write_s });
    const same = Math.abs(rel.checkpoint_interval_s - rel.checkpoint_interval_optimal_s) <= 1e-9 * rel.checkpoint_interval_optimal_s;
    metric(dl, { key: 'interval', label: 'Checkpoint interval', text: formatTime(rel.checkpoint_interval_s), raw: rel.checkpoint_interval_s,
      detail: same ? 'the optimum' : `optimum ${formatTime(rel.checkpoint_interval_optimal_s)}`, explain: ex('reliability.checkpoint_interval_s') });
    metric(dl, { key: 'interval-optimal', label: 'Optimal interval (Young–Daly)', text: formatTime(rel.checkpoint_interval_optimal_s), raw: rel.checkpoint_interval_optimal_s,
      detail: Number.isFinite(rel.checkpoint_interval_young_s) ? `Young's √(2δM): ${formatTime(rel.checkpoint_interval_young_s)}` : '' });
    metric(dl, { key: 'failures', label: 'Expected failures', text: formatNumber(rel.expected_failures), raw: rel.expected_failures,
      detail: Number.isFinite(rel.failure_probability) ? `P(at least one) ${formatPercent(rel.failure_probability)}` : '' });
    metric(dl, { key: 'lost', label: 'Expected lost work', text: formatTime(rel.expected_lost_s), raw: rel.expected_lost_s,
      detail: 'recomputation, checkpoints and restarts over the run' });
    metric(dl, { key: 'restart', label: 'Restart time', text: formatTime(rel.restart_s), raw: rel.restart_s, detail: 'per failure, reload included' });
    metric(dl, { key: 'goodput', label: 'Goodput', text: formatPercent(rel.goodput), raw: rel.goodput,
      detail: Number.isFinite(rel.first_order_waste) ? `first-order waste ${formatPercent(rel.first_order_waste)}` : '', explain: ex('reliability.goodput') });
    metric(dl, { key: 'effective-time', label: 'Effective time to train', text: formatDays(rel.effective_time_to_train_s), raw: rel.effective_time_to_train_s });
  }
}

customElements.define('mlsysim-reliability', ReliabilityPanel);
