// Exports: files the reader takes away. Scenario + result as JSON, sweeps as CSV, each chart as a
// stand-alone SVG (computed styles inlined, so it renders the same outside the page) and as PNG
// (that SVG drawn into a canvas through an Image of a blob: URL — the CSP's img-src allows blob:).
// Every download goes through an <a download> on a blob: URL; nothing leaves the machine.
import { SVG_NS } from './svg.js';

/** Save `blob` as `filename` (an <a download> on a blob: URL, revoked once the click is handled). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file-name-safe slug: 'Llama-3.1 8B/x' → 'Llama-3.1-8B-x'. */
export function slug(...parts) {
  return parts.filter((p) => p !== undefined && p !== null && p !== '').map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')).join('_');
}

function csvCell(v) {
  if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = typeof v === 'number' ? String(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 text: a header row, then one row per record; numbers in full precision (SI units). */
export function toCsv(headers, rows) {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Records → CSV with the union of their scalar keys as columns (first-seen order). */
export function recordsToCsv(records, first = []) {
  const headers = [...first];
  for (const r of records) for (const [k, v] of Object.entries(r)) if (!headers.includes(k) && (v === null || typeof v !== 'object')) headers.push(k);
  return toCsv(headers, records.map((r) => headers.map((h) => r[h])));
}

// Presentation properties copied from the computed style of every node of a chart.
const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'stroke-linecap',
  'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-numeric',
  'text-anchor', 'dominant-baseline', 'paint-order', 'visibility', 'display'];

/**
 * The chart `svg` as a stand-alone SVG document (text): computed styles inlined through the CSSOM
 * (allowed under the page's CSP), the page background as the first shape, xmlns set, interactive
 * attributes (tabindex) dropped. The <title> and <desc> stay: the file says what it shows.
 */
export function standaloneSvg(svg) {
  const clone = svg.cloneNode(true);
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((node, i) => {
    const cs = getComputedStyle(node);
    const d = dst[i];
    d.removeAttribute('tabindex');
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) d.style.setProperty(p, v);
    }
  });
  clone.setAttribute('xmlns', SVG_NS);
  const w = svg.getAttribute('width');
  const h = svg.getAttribute('height');
  let bgHost = svg.parentElement;
  let bg = 'rgb(255, 255, 255)';
  while (bgHost) {
    const c = getComputedStyle(bgHost).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
    bgHost = bgHost.parentElement;
  }
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('x', '0');
  rect.setAttribute('y', '0');
  rect.setAttribute('width', w);
  rect.setAttribute('height', h);
  rect.setAttribute('fill', bg);
  rect.setAttribute('class', 'export-background');
  const afterMeta = [...clone.children].find((c) => c.localName !== 'title' && c.localName !== 'desc');
  clone.insertBefore(rect, afterMeta ?? null);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone) + '\n';
}

/** PNG bytes of an SVG text (width × height CSS pixels, drawn at `scale`× for sharpness). */
export async function svgToPng(svgText, width, height, scale = 2) {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Download the chart `svg` as `name`.svg or `name`.png. */
export async function exportChart(svg, name, format) {
  const text = standaloneSvg(svg);
  if (format === 'svg') {
    download(new Blob([text], { type: 'image/svg+xml' }), `${name}.svg`);
    return;
  }
  const png = await svgToPng(text, Number(svg.getAttribute('width')), Number(svg.getAttribute('height')));
  download(png, `${name}.png`);
}
