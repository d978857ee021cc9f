// Base for the chart custom elements: owns the SVG host, the tooltip, the visually hidden data table,
// and re-draws on resize. Subclasses implement draw(svg, width, height) and table().
import { el, html } from './svg.js';
import { createTooltip } from './tooltip.js';

let uid = 0;

export class ChartElement extends HTMLElement {
  #result = null;
  #observer = null;
  #lastWidth = 0;
  #width = 0; // the host's width at the last layout (0: not seen yet)
  #drawn = false;

  connectedCallback() {
    if (!this.host) {
      this.host = html('div', { class: 'chart-host' }, this);
      this.tooltip = createTooltip(this.host);
      this.tableHost = html('div', { class: 'visually-hidden' }, this);
      this.id ||= `chart-${++uid}`;
    }
    // The width is read here, after layout, and kept: render() reading it would force a layout of
    // the page in the middle of the controller's writes (one per chart per change).
    this.#observer = new ResizeObserver(([entry]) => {
      const w = Math.round(entry.contentRect.width);
      this.#width = w;
      if (w && w !== this.#lastWidth) this.render();
    });
    this.#observer.observe(this.host);
    // A panel that rebuilds its content takes the chart out and puts it back, then sets its new
    // result: drawing the old one again on the way would double the work.
    if (!this.#drawn) this.render();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  set result(r) {
    this.#result = r;
    this.render();
  }

  get result() {
    return this.#result;
  }

  /** Whether a valid result carries what this chart draws (solve results: a performance block). */
  drawable(r) {
    return Boolean(r.performance);
  }

  render() {
    if (!this.host) return;
    const r = this.#result;
    // Before its first layout (or while hidden, width 0) a chart draws at 640 px; the observer
    // redraws it at its own width after that layout, before the paint.
    const width = Math.max(280, this.#width || 640);
    this.#lastWidth = width;
    const height = this.heightFor(width);
    const svg = el('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
      'aria-labelledby': `${this.id}-title ${this.id}-desc`, class: 'chart',
    });
    const title = el('title', { id: `${this.id}-title` }, svg, '');
    const desc = el('desc', { id: `${this.id}-desc` }, svg, '');
    this.tooltip.hide();
    if (r && r.ok && this.drawable(r)) {
      const text = this.draw(svg, width, height, r);
      title.textContent = text.title;
      desc.textContent = text.desc;
      this.tableHost.replaceChildren(this.table(r));
    } else {
      title.textContent = this.emptyTitle ?? 'Chart';
      desc.textContent = 'No result to draw.';
      // A valid result without a performance block: its mode has no time model yet.
      const why = r && r.ok ? 'No time model for this mode yet' : 'No result yet';
      el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty-label' }, svg, why);
      this.tableHost.replaceChildren();
    }
    const old = this.host.querySelector('svg');
    if (old) old.replaceWith(svg);
    else this.host.prepend(svg);
    this.#drawn = true;
  }

  heightFor(width) {
    return Math.round(Math.min(440, Math.max(300, width * 0.62)));
  }

  /** Build a <table> with a caption, a header row and data rows (all text). */
  static makeTable(caption, headers, rows) {
    const table = html('table');
    html('caption', {}, table, caption);
    const thead = html('thead', {}, table);
    const hr = html('tr', {}, thead);
    for (const h of headers) html('th', { scope: 'col' }, hr, h);
    const tbody = html('tbody', {}, table);
    for (const row of rows) {
      const tr = html('tr', {}, tbody);
      row.forEach((cell, i) => html(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, tr, cell));
    }
    return table;
  }
}
