// <mlsysim-tco-chart>: the total cost of ownership as stacked bars, one per year, one segment per
// category (result.cost.breakdown: hardware depreciation, the facility's share, electricity,
// maintenance, …). Each segment carries data-usd (and data-category, data-year): they sum to tco_usd.
import { ChartElement } from './chart-base.js';
import { el } from './svg.js';
import { formatUsd, formatUsdShort, linearTicks } from './ops-format.js';

export const CATEGORY_LABEL = {
  accelerators: 'GPUs', servers: 'Servers', network: 'Network', storage: 'Storage', facility: 'Facility',
  electricity: 'Electricity', maintenance: 'Maintenance', staff: 'Staff', colocation: 'Colocation',
};

class TcoChart extends ChartElement {
  emptyTitle = 'Cost by year and category';

  drawable(r) {
    return Boolean(r.cost?.breakdown?.categories?.length);
  }

  heightFor(width) {
    return Math.round(Math.min(340, Math.max(240, width * 0.45)));
  }

  draw(svg, width, height, r) {
    const b = r.cost.breakdown;
    const years = b.years;
    const cats = b.categories.filter((c) => c.total_usd > 0);
    const totals = years.map((_, i) => cats.reduce((s, c) => s + (c.usd_per_year[i] ?? 0), 0));
    const narrow = width < 480;
    const m = { left: narrow ? 44 : 60, right: 12, top: 12, bottom: 40 };
    const { max, ticks } = linearTicks(Math.max(...totals), 4);
    const plotH = height - m.top - m.bottom;
    const y = (v) => m.top + plotH - (v / max) * plotH;
    const slot = (width - m.left - m.right) / years.length;
    const barW = Math.min(90, slot * 0.6);
    const grid = el('g', { class: 'grid' }, svg);
    const axes = el('g', { class: 'axes' }, svg);
    for (const t of ticks) {
      el('line', { x1: m.left, x2: width - m.right, y1: y(t), y2: y(t) }, grid);
      el('text', { x: m.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick-label' }, axes, formatUsdShort(t));
    }
    el('line', { x1: m.left, x2: width - m.right, y1: y(0), y2: y(0), class: 'tco-base' }, axes);
    el('text', { x: m.left + (width - m.left - m.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, axes, 'Year of ownership');
    const bars = el('g', { class: 'tco-bars' }, svg);
    years.forEach((yr, i) => {
      const cx = m.left + slot * (i + 0.5);
      const col = el('g', { class: 'tco-year', 'data-year': yr, 'data-usd': totals[i] }, bars);
      let acc = 0;
      for (const c of cats) {
        const v = c.usd_per_year[i] ?? 0;
        if (!(v > 0)) continue;
        const seg = el('g', { class: `tco-seg cat-${c.name}`, 'data-category': c.name, 'data-year': yr, 'data-usd': v }, col);
        el('rect', { x: cx - barW / 2, y: y(acc + v), width: barW, height: Math.max(0.5, y(acc) - y(acc + v)) }, seg);
        this.tooltip.bind(seg, [`Year ${yr}: ${CATEGORY_LABEL[c.name] ?? c.name}`, `${formatUsd(v)} (${formatUsd(c.total_usd)} over ${years.length} years)`]);
        acc += v;
      }
      el('text', { x: cx, y: y(0) + 16, 'text-anchor': 'middle', class: 'tick-label' }, axes, String(yr));
      if (slot >= 64) el('text', { x: cx, y: y(acc) - 5, 'text-anchor': 'middle', class: 'tco-total' }, col, slot >= 90 ? formatUsd(totals[i]) : formatUsdShort(totals[i]));
    });
    return {
      title: `Cost of ownership by year: ${formatUsd(r.cost.tco_usd)} over ${years.length} years`,
      desc: cats.map((c) => `${CATEGORY_LABEL[c.name] ?? c.name} ${formatUsd(c.total_usd)}`).join(', ') + '.',
    };
  }

  table(r) {
    const b = r.cost.breakdown;
    return ChartElement.makeTable('Cost by year and category (USD)', ['Category', ...b.years.map((y) => `Year ${y}`), 'Total'],
      b.categories.filter((c) => c.total_usd > 0).map((c) => [CATEGORY_LABEL[c.name] ?? c.name, ...c.usd_per_year.map(formatUsd), formatUsd(c.total_usd)]));
  }
}

customElements.define('mlsysim-tco-chart', TcoChart);
