// <mlsysim-region-chart>: carbon of the same work in every catalog region (result.energy.regions,
// already sorted by the engine), one horizontal bar each: operational (solid) + embodied (light).
// The selected region is highlighted. Raw numbers ride on data-region / data-carbon / data-selected.
import { ChartElement } from './chart-base.js';
import { el } from './svg.js';
import { formatCo2, formatKwh, linearTicks } from './ops-format.js';
import { formatNumber } from './format.js';

const ROW = 24;
const BAR = 15;

class RegionChart extends ChartElement {
  emptyTitle = 'Carbon by region';

  drawable(r) {
    return Boolean(r.energy?.regions?.length);
  }

  heightFor() {
    const n = this.result?.energy?.regions?.length ?? 6;
    return 14 + n * ROW + 40;
  }

  draw(svg, width, height, r) {
    const e = r.energy;
    const regions = e.regions;
    const narrow = width < 520;
    const m = { left: narrow ? 72 : 190, right: narrow ? 52 : 84, top: 10, bottom: 38 };
    const { max, ticks } = linearTicks(Math.max(...regions.map((g) => g.carbon_kg)), narrow ? 3 : 5);
    const plotW = width - m.left - m.right;
    const x = (v) => m.left + (v / max) * plotW;
    const bottom = m.top + regions.length * ROW;
    const grid = el('g', { class: 'grid' }, svg);
    const axes = el('g', { class: 'axes' }, svg);
    for (const t of ticks) {
      el('line', { x1: x(t), x2: x(t), y1: m.top, y2: bottom }, grid);
      el('text', { x: x(t), y: bottom + 15, 'text-anchor': t === 0 ? 'start' : 'middle', class: 'tick-label' }, axes, t === 0 ? '0' : formatCo2(t).replace(' CO₂e', ''));
    }
    el('text', { x: m.left + plotW / 2, y: bottom + 32, 'text-anchor': 'middle', class: 'axis-label' }, axes,
      `CO₂e ${e.scope === 'year' ? 'per year' : e.scope === 'run' ? 'for the run' : 'per batch'}${narrow ? '' : ' (operational + embodied)'}`);
    const rows = el('g', { class: 'region-rows' }, svg);
    regions.forEach((g, i) => {
      const y = m.top + i * ROW + (ROW - BAR) / 2;
      const row = el('g', {
        class: `region-row${g.selected ? ' is-selected' : ''}`, 'data-region': g.region, 'data-carbon': g.carbon_kg,
        'data-operational': g.carbon_operational_kg, 'data-embodied': g.carbon_embodied_kg, 'data-selected': g.selected ? 'true' : 'false',
      }, rows);
      if (g.selected) el('rect', { x: 0, y: m.top + i * ROW, width, height: ROW, class: 'region-band' }, row);
      const name = narrow ? g.region.replace(/_Avg$/, '').replace(/_/g, ' ') : (g.display_name ?? g.region);
      el('text', { x: m.left - 8, y: y + BAR - 3, 'text-anchor': 'end', class: 'region-label' }, row, name);
      el('rect', { x: m.left, y, width: Math.max(0.5, x(g.carbon_operational_kg) - m.left), height: BAR, class: 'region-op' }, row);
      el('rect', { x: x(g.carbon_operational_kg), y, width: Math.max(0, x(g.carbon_kg) - x(g.carbon_operational_kg)), height: BAR, class: 'region-emb' }, row);
      el('text', { x: x(g.carbon_kg) + 5, y: y + BAR - 3, class: 'region-value' }, row, formatCo2(g.carbon_kg).replace(' CO₂e', ''));
      this.tooltip.bind(row, [`${g.display_name ?? g.region}${g.selected ? ' (selected)' : ''}`,
        `${formatCo2(g.carbon_kg)}: operational ${formatCo2(g.carbon_operational_kg)} + embodied ${formatCo2(g.carbon_embodied_kg)}`,
        `${g.ci} g/kWh, PUE ${g.pue}, ${formatKwh(g.energy_kwh)} at the facility`]);
    });
    el('line', { x1: m.left, x2: m.left, y1: m.top, y2: bottom, class: 'region-axis' }, axes);
    const sel = regions.find((g) => g.selected);
    return {
      title: `Carbon of this work by region: ${regions[0].display_name ?? regions[0].region} lowest, ${regions.at(-1).display_name ?? regions.at(-1).region} highest`,
      desc: `Up to ${formatNumber(e.carbon_ratio_max_min, 3)}× difference.` + (sel ? ` Selected: ${sel.display_name ?? sel.region}, ${formatCo2(sel.carbon_kg)}.` : ''),
    };
  }

  table(r) {
    return ChartElement.makeTable('Carbon by region', ['Region', 'Carbon intensity', 'PUE', 'Energy', 'Operational', 'Embodied', 'Total'],
      r.energy.regions.map((g) => [`${g.display_name ?? g.region}${g.selected ? ' (selected)' : ''}`, `${g.ci} g/kWh`, String(g.pue), formatKwh(g.energy_kwh),
        formatCo2(g.carbon_operational_kg), formatCo2(g.carbon_embodied_kg), formatCo2(g.carbon_kg)]));
  }
}

customElements.define('mlsysim-region-chart', RegionChart);
