// One tooltip per chart: shown on pointer hover and keyboard focus of a data point. Text only.
import { html } from './svg.js';

export function createTooltip(container) {
  const tip = html('div', { class: 'tooltip', role: 'tooltip', hidden: '' }, container);
  let current = null;
  // A bound node carries its lines in the <title> bind() gives it (first child), so a node that a
  // panel updates in place (morph.js) shows its new lines.
  const linesOf = (node) => node.firstElementChild.textContent.split('\n');
  function show(target, lines) {
    current = target;
    tip.replaceChildren();
    lines.forEach((line, i) => html(i === 0 ? 'strong' : 'span', {}, tip, line));
    tip.hidden = false;
    const box = container.getBoundingClientRect();
    const r = target.getBoundingClientRect();
    const tw = tip.offsetWidth;
    let left = r.left + r.width / 2 - box.left - tw / 2;
    left = Math.max(0, Math.min(left, box.width - tw));
    let top = r.top - box.top - tip.offsetHeight - 8;
    if (top < 0) top = r.bottom - box.top + 8;
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }
  function hide(target) {
    if (target && target !== current) return;
    current = null;
    tip.hidden = true;
  }
  // One set of listeners on the container serves all its points (a chart redraws hundreds of them
  // on every change; four listeners each made the redraw slow).
  const pointOf = (target) => {
    for (let n = target; n && n !== container; n = n.parentNode) if (n.hasAttribute?.('data-tip')) return n;
    return null;
  };
  container.addEventListener('pointerover', (e) => {
    const n = pointOf(e.target);
    if (n && n !== current) show(n, linesOf(n));
  });
  container.addEventListener('pointerout', (e) => {
    const n = pointOf(e.target);
    if (n && !n.contains(e.relatedTarget)) hide(n);
  });
  container.addEventListener('focusin', (e) => {
    const n = pointOf(e.target);
    if (n) show(n, linesOf(n));
  });
  container.addEventListener('focusout', (e) => {
    const n = pointOf(e.target);
    if (n) hide(n);
  });
  /** Make an SVG node a focusable data point with a <title> and tooltip lines. */
  function bind(node, lines) {
    node.setAttribute('tabindex', '0');
    node.setAttribute('aria-label', lines.join('; '));
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = lines.join('\n');
    node.prepend(t);
    node.setAttribute('data-tip', '');
  }
  return { show, hide, bind, element: tip };
}
