// <mlsysim-cost>: total cost of ownership of one result (result.cost, MODELS.md §L): CapEx, OpEx per
// year, TCO over the horizon, the cloud alternative, cost per query and per million tokens (or per
// training run), and the stacked bar chart by year and category. Set `.result`.
import { html } from './svg.js';
import { metric, explainFor } from './explain.js';
import { addBand } from './band-format.js';
import { formatNumber } from './format.js';
import { formatUsd, perMillion } from './ops-format.js';
import { CATEGORY_LABEL } from './tco-chart.js';
import { ResultPanel } from './result-panel.js';

class CostPanel extends ResultPanel {
  render() {
    const r = this.result;
    const c = r?.ok ? r.cost : null;
    this.hidden = !c;
    if (!c) {
      this.replaceChildren();
      return;
    }
    const chart = this.querySelector('mlsysim-tco-chart') ?? html('mlsysim-tco-chart');
    this.replaceChildren();
    html('h3', { class: 'panel-heading' }, this, 'Cost of ownership');
    html('p', { class: 'ops-scope' }, this,
      `${c.gpus} GPU${c.gpus === 1 ? '' : 's'} at ${formatUsd(c.unit_cost_usd)} each, owned for ${c.years} years; electricity ${formatUsd(c.price_per_kwh)}/kWh.`);
    const dl = html('dl', { class: 'metrics' }, this);
    const ex = (...q) => explainFor(r, ...q);
    metric(dl, { key: 'capex', label: 'CapEx', text: formatUsd(c.capex_usd), raw: c.capex_usd,
      detail: `hardware ${formatUsd(c.capex_hw_usd)} + facility ${formatUsd(c.capex_facility_usd)}`, explain: ex('cost.capex_usd') });
    const opexParts = [['electricity', c.opex_electricity_usd_per_year], ['maintenance', c.opex_maintenance_usd_per_year],
      ['staff', c.opex_staff_usd_per_year], ['colocation', c.opex_colocation_usd_per_year]].filter(([, v]) => v > 0);
    metric(dl, { key: 'opex', label: 'OpEx per year', text: formatUsd(c.opex_usd_per_year), raw: c.opex_usd_per_year,
      detail: opexParts.map(([k, v]) => `${k} ${formatUsd(v)}`).join(' + '), explain: ex('cost.opex_usd_per_year') });
    metric(dl, { key: 'tco', label: `TCO over ${c.years} years`, text: formatUsd(c.tco_usd), raw: c.tco_usd,
      detail: `${formatUsd(c.usd_per_gpu_hour)} per busy GPU-hour`, explain: ex('cost.tco_usd') });
    const cheaper = c.cloud_usd > c.tco_usd ? 'owning is cheaper' : 'the cloud is cheaper';
    metric(dl, { key: 'cloud', label: 'Cloud alternative', text: formatUsd(c.cloud_usd), raw: c.cloud_usd,
      detail: `busy GPU-hours rented over ${c.years} years: ×${formatNumber(c.cloud_usd / c.tco_usd, 3)} the TCO (${cheaper})`, explain: ex('cost.cloud_usd') });
    if (Number.isFinite(c.run_usd)) {
      addBand(metric(dl, { key: 'run', label: 'Cost of the training run', text: formatUsd(c.run_usd), raw: c.run_usd,
        detail: Number.isFinite(c.cloud_run_usd) ? `cloud ${formatUsd(c.cloud_run_usd)}` : '', explain: ex('cost.run_usd') }), r, 'cost.run_usd', formatUsd);
    }
    if (Number.isFinite(c.usd_per_query) && !Number.isFinite(c.run_usd)) {
      metric(dl, { key: 'per-query', label: r.serving ? 'Cost per query' : 'Cost per sample', text: formatUsd(c.usd_per_query), raw: c.usd_per_query,
        detail: Number.isFinite(c.cloud_usd_per_query) ? `cloud ${formatUsd(c.cloud_usd_per_query)}` : '', explain: ex('cost.usd_per_query') });
    }
    const unit = Number.isFinite(c.usd_per_million_tokens) ? 'token' : 'sample';
    const pm = c[`usd_per_million_${unit}s`];
    if (Number.isFinite(pm)) {
      const cloud = c[`cloud_usd_per_million_${unit}s`];
      addBand(metric(dl, { key: 'per-million', label: `Cost per ${perMillion(unit)}`, text: formatUsd(pm), raw: pm,
        detail: Number.isFinite(cloud) ? `cloud ${formatUsd(cloud)}` : '', explain: ex(`cost.usd_per_million_${unit}s`) }), r, `cost.usd_per_million_${unit}s`, formatUsd);
    }
    const fig = html('figure', { class: 'ops-figure' }, this);
    const cap = html('figcaption', {}, fig);
    html('strong', {}, cap, 'Cost by year. ');
    html('span', {}, cap, 'Hardware is depreciated straight-line over the horizon, the facility by its share; OpEx each year.');
    fig.append(chart);
    chart.result = r;
    const ul = html('ul', { class: 'legend tco-legend' }, fig);
    for (const cat of c.breakdown?.categories ?? []) {
      if (!(cat.total_usd > 0)) continue;
      const li = html('li', { 'data-category': cat.name }, ul);
      html('span', { class: `swatch-box cat-${cat.name}`, 'aria-hidden': 'true' }, li);
      html('span', {}, li, `${CATEGORY_LABEL[cat.name] ?? cat.name} ${formatUsd(cat.total_usd)}`);
    }
  }
}

customElements.define('mlsysim-cost', CostPanel);
