// <mlsysim-energy>: power, energy, carbon and water of one result (result.energy, MODELS.md §K) and
// the region comparison chart. The scope is the engine's: one year of serving at the site's
// utilization, one batch of inference (with the annual figures beside it), or the whole training run.
// Set `.result`. Numbers come from the engine; text via textContent; raw values on data-value.
import { html } from './svg.js';
import { metric, explainFor } from './explain.js';
import { addBand } from './band-format.js';
import { formatNumber, formatPercent } from './format.js';
import { formatKwh, formatCo2, formatLiters, formatWatts, formatJoules, perMillion } from './ops-format.js';
import './region-chart.js';
import { ResultPanel } from './result-panel.js';

const SCOPE = { year: 'per year', batch: 'per batch', run: 'for the whole run' };

class EnergyPanel extends ResultPanel {
  render() {
    const r = this.result;
    const e = r?.ok ? r.energy : null;
    this.hidden = !e;
    if (!e) {
      this.replaceChildren();
      return;
    }
    // Keep the chart element (its size observer) across renders.
    const chart = this.querySelector('mlsysim-region-chart') ?? html('mlsysim-region-chart');
    this.replaceChildren();
    html('h3', { class: 'panel-heading' }, this, 'Energy, carbon and water');
    const reg = e.region ?? {};
    const scope = SCOPE[e.scope] ?? e.scope;
    const unitWord = e.unit ?? 'unit';
    const who = e.scope === 'year'
      ? `One year at ${formatPercent(reg.utilization)} utilization`
      : e.scope === 'run' ? 'The whole training run' : 'One batch';
    html('p', { class: 'ops-scope', 'data-scope': e.scope }, this,
      `${who}, ${e.gpus} GPU${e.gpus === 1 ? '' : 's'} in ${reg.display_name ?? reg.name} (PUE ${reg.pue}, ${reg.ci} g CO₂e/kWh, water ${reg.wue} L/kWh).`);
    const dl = html('dl', { class: 'metrics' }, this);
    const ex = (...q) => explainFor(r, ...q);
    metric(dl, { key: 'power', label: 'Power (IT, while busy)', text: formatWatts(e.power_w), raw: e.power_w,
      detail: `${e.gpus} × (GPU ${formatWatts(e.power_gpu_w)} + host ${formatWatts(e.power_host_w)}); facility ${formatWatts(e.power_facility_w)}`,
      explain: ex('energy.power_w') });
    addBand(metric(dl, { key: 'energy', label: `Energy ${scope}`, text: formatKwh(e.energy_kwh), raw: e.energy_kwh,
      detail: `IT ${formatKwh(e.energy_it_kwh)} × PUE ${reg.pue}` + (e.scope === 'batch' && Number.isFinite(e.energy_kwh_per_year) ? `; ${formatKwh(e.energy_kwh_per_year)} per year` : ''),
      explain: ex('energy.energy_kwh', 'energy.energy_it_kwh') }), r, 'energy.energy_kwh', formatKwh);
    metric(dl, { key: 'carbon-operational', label: `Operational carbon ${scope}`, text: formatCo2(e.carbon_operational_kg), raw: e.carbon_operational_kg,
      detail: `facility energy × ${reg.ci} g/kWh`, explain: ex('energy.carbon_operational_kg') });
    metric(dl, { key: 'carbon-embodied', label: 'Embodied carbon (amortized)', text: formatCo2(e.carbon_embodied_kg), raw: e.carbon_embodied_kg,
      detail: `manufacturing of GPUs and hosts over ${reg.years} years`, explain: ex('energy.carbon_embodied_kg') });
    addBand(metric(dl, { key: 'carbon', label: `Total carbon ${scope}`, text: formatCo2(e.carbon_kg), raw: e.carbon_kg,
      detail: e.scope === 'batch' && Number.isFinite(e.carbon_kg_per_year) ? `${formatCo2(e.carbon_kg_per_year)} per year` : 'operational + embodied',
      explain: ex('energy.carbon_kg') }), r, 'energy.carbon_kg', formatCo2);
    metric(dl, { key: 'water', label: `Water ${scope}`, text: formatLiters(e.water_l), raw: e.water_l,
      detail: `on-site ${formatLiters(e.water_onsite_l)} + off-site ${formatLiters(e.water_offsite_l)}`, explain: ex('energy.water_l') });
    metric(dl, { key: 'energy-per-unit', label: `Energy per ${unitWord}`, text: formatJoules(e.joules_per_unit_facility), raw: e.joules_per_unit_facility,
      detail: `at the facility; IT ${formatJoules(e.joules_per_unit)}`, explain: ex('energy.joules_per_unit') });
    const gKey = Number.isFinite(e.g_co2_per_million_tokens) ? 'g_co2_per_million_tokens' : 'g_co2_per_million_samples';
    if (Number.isFinite(e[gKey])) {
      metric(dl, { key: 'carbon-per-million', label: `Carbon per ${perMillion(unitWord)}`, text: formatCo2(e[gKey] / 1000), raw: e[gKey],
        detail: 'operational + embodied', explain: ex(`energy.${gKey}`) });
    }
    // The region comparison.
    const fig = html('figure', { class: 'ops-figure' }, this);
    const cap = html('figcaption', {}, fig);
    html('strong', {}, cap, 'Carbon by region. ');
    const ratio = e.carbon_ratio_max_min;
    html('span', { class: 'region-ratio', 'data-value': ratio }, cap,
      Number.isFinite(ratio) ? `Up to ${formatNumber(ratio, 3)}× difference for the same work. ` : '');
    html('span', {}, cap, 'Dark: operational (grid × PUE); light: embodied. The selected region is highlighted.');
    fig.append(chart);
    chart.result = r;
  }
}

customElements.define('mlsysim-energy', EnergyPanel);
