// One panel of the simulator for a fixed scenario, for embedding in other pages (a textbook, a blog):
// used by embed.html (an iframe) and by embed.js (<mlsysim-embed>, in a shadow root). The scenario
// is the page's URL hash string ('s=1&model=Llama3_70B&hw=H100&bs=32'); the panel is one of PANELS
// (embed-panels.js: every panel of the full simulator). Text goes in through textContent; the only
// requests are this folder's own files.
import { createMlsysim } from './engine.js';
import { parseState, serializeState, decodeConfig } from './url-state.js';
import { modelKind, toEngineScenario } from './scenario.js';
import { addFleet } from './fleet-url.js';
import { html } from './svg.js';
import { EMBED_PANELS, PANEL_ALIASES, PANELS } from './embed-panels.js';

export { PANELS };
let simPromise = null;
const engine = () => (simPromise ??= createMlsysim());

/** The link to the full simulator for this scenario (index.html beside this module's folder). */
export function fullSimulatorUrl(hash) {
  const url = new URL('../index.html', import.meta.url);
  url.hash = String(hash ?? '').replace(/^#/, '');
  return url.href;
}

/** A panel name as given (any case, an alias) → the panel's name, or undefined. */
export function panelName(name) {
  const n = String(name ?? '').trim().toLowerCase();
  const canonical = PANEL_ALIASES[n] ?? n;
  return Object.hasOwn(EMBED_PANELS, canonical) ? canonical : undefined;
}

/** The engine scenario of one parsed page scenario (as the full simulator sends it). */
async function toEngine(catalog, s, errors, prefix = '') {
  let inlineObject;
  if (s.cfg) {
    try {
      inlineObject = JSON.parse(await decodeConfig(s.cfg));
    } catch (e) {
      errors.push({ param: `${prefix}cfg`, message: `the inline config ${e.message}` });
    }
  }
  return addFleet(toEngineScenario(s, { inlineObject, kind: modelKind(s, catalog(), inlineObject) }), s);
}

/**
 * Render `panel` of scenario `hash` into `root` (an element in a document or a shadow root).
 * `listing`: the catalog listing of embed.html (catalog-listing.js), else the engine's catalog().
 * Resolves with the result (or the error object); never throws for bad input: it shows the message.
 */
export async function renderEmbed(root, { hash = '', panel = 'roofline', listing = null } = {}) {
  root.replaceChildren();
  const name = panelName(panel);
  const box = html('div', { class: 'embed-box', 'data-panel': name ?? String(panel) }, root);
  const status = html('p', { class: 'embed-status', role: 'status' }, box, 'Computing…');
  const fail = (message) => {
    status.textContent = message;
    status.classList.add('embed-error');
    box.dataset.state = 'error';
    return { ok: false, error: { path: '', message } };
  };
  if (!name) return fail(`Unknown panel '${panel}': use one of ${PANELS.join(', ')}.`);
  const spec = EMBED_PANELS[name];
  const { scenario, pinned, errors } = parseState(hash);
  let sim;
  try {
    [sim] = await Promise.all([engine(), spec.load()]);
  } catch (e) {
    return fail(`The modeling engine could not start: ${e?.message ?? e}`);
  }
  const catalog = () => listing ?? sim.catalog();
  const sent = await toEngine(catalog, scenario, errors);
  const r = sim.solve(sent);
  const pinnedResult = pinned ? sim.solve(await toEngine(catalog, pinned, errors, 'a.')) : null;
  if (errors.length) html('p', { class: 'embed-warning' }, box, `Parts of the scenario were not understood: ${errors.map((e) => `${e.param}: ${e.message}`).join('; ')}`);
  if (!r.ok) return fail(`This scenario cannot be evaluated: ${r.error.path ? `${r.error.path}: ` : ''}${r.error.message}`);
  const ctx = { r, sent, sim, catalog, scenario, pinned: pinnedResult };
  const why = spec.needs?.(r, ctx);
  if (why) {
    status.textContent = why;
  } else {
    status.remove();
    // Links that change the scenario (a search row) open the full simulator with the change made.
    ctx.openWith = (change) => {
      const next = { ...scenario };
      change(next);
      window.open(fullSimulatorUrl(serializeState({ scenario: next, pinned })), '_blank', 'noopener');
    };
    await spec.render(box, ctx);
  }
  const foot = html('p', { class: 'embed-foot' }, box);
  html('a', { href: fullSimulatorUrl(hash), target: '_blank', rel: 'noopener' }, foot, 'Open in the full simulator ↗');
  html('span', { class: 'embed-credit' }, foot, ' · computed in your browser by MLSys·im');
  box.dataset.state = why ? 'empty' : 'ok'; // last: tests and hosts wait for it
  return r;
}
