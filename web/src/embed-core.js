// One panel of the simulator for a fixed scenario, for embedding in other pages (a textbook, a blog):
// used by embed.html (an iframe) and by embed.js (<mlsysim-embed>, in a shadow root). The scenario
// is the page's URL hash string ('s=1&model=Llama3_70B&hw=H100&bs=32'); the panel is one of PANELS.
// Text goes in through textContent; the only requests are this folder's own files.
import { createMlsysim } from './engine.js';
import { parseState, decodeConfig } from './url-state.js';
import { modelKind, toEngineScenario } from './scenario.js';
import { html } from './svg.js';
import './roofline-panel.js';
import './roofline-chart.js';
import './serving-panel.js';
import './memory-panel.js';

export const PANELS = ['roofline', 'serving', 'memory'];
let simPromise = null;
const engine = () => (simPromise ??= createMlsysim());

/** The link to the full simulator for this scenario (index.html beside this module's folder). */
export function fullSimulatorUrl(hash) {
  const url = new URL('../index.html', import.meta.url);
  url.hash = String(hash ?? '').replace(/^#/, '');
  return url.href;
}

/**
 * Render `panel` of scenario `hash` into `root` (an element in a document or a shadow root).
 * Resolves with the result (or the error object); never throws for bad input: it shows the message.
 */
export async function renderEmbed(root, { hash = '', panel = 'roofline' } = {}) {
  root.replaceChildren();
  const box = html('div', { class: 'embed-box', 'data-panel': panel }, root);
  const status = html('p', { class: 'embed-status', role: 'status' }, box, 'Computing…');
  const fail = (message) => {
    status.textContent = message;
    status.classList.add('embed-error');
    box.dataset.state = 'error';
    return { ok: false, error: { path: '', message } };
  };
  if (!PANELS.includes(panel)) return fail(`Unknown panel '${panel}': use one of ${PANELS.join(', ')}.`);
  const { scenario, errors } = parseState(hash);
  let inlineObject;
  if (scenario.cfg) {
    try {
      inlineObject = JSON.parse(await decodeConfig(scenario.cfg));
    } catch (e) {
      errors.push({ param: 'cfg', message: `the inline config ${e.message}` });
    }
  }
  let sim;
  try {
    sim = await engine();
  } catch (e) {
    return fail(`The modeling engine could not start: ${e?.message ?? e}`);
  }
  const sent = toEngineScenario(scenario, { inlineObject, kind: modelKind(scenario, sim.catalog(), inlineObject) });
  const r = sim.solve(sent);
  if (errors.length) html('p', { class: 'embed-warning' }, box, `Parts of the scenario were not understood: ${errors.map((e) => `${e.param}: ${e.message}`).join('; ')}`);
  if (!r.ok) return fail(`This scenario cannot be evaluated: ${r.error.path ? `${r.error.path}: ` : ''}${r.error.message}`);
  status.remove();
  if (panel === 'roofline') {
    const numbers = html('mlsysim-roofline', {}, box);
    numbers.result = r;
    if (r.performance) {
      const fig = html('figure', { class: 'chart-figure embed-figure' }, box);
      const chart = html('mlsysim-roofline-chart', {}, fig);
      chart.result = r;
    }
  } else if (panel === 'serving') {
    const p = html('mlsysim-serving', {}, box);
    p.batch = sent.batch_size;
    p.result = r;
    if (!r.serving) html('p', { class: 'embed-status' }, box, `${r.workload.display_name ?? r.workload.name} is not a language model: no serving numbers.`);
  } else {
    html('mlsysim-memory', {}, box).result = r;
  }
  const foot = html('p', { class: 'embed-foot' }, box);
  html('a', { href: fullSimulatorUrl(hash), target: '_blank', rel: 'noopener' }, foot, 'Open in the full simulator ↗');
  html('span', { class: 'embed-credit' }, foot, ' · computed in your browser by MLSys·im');
  box.dataset.state = 'ok';
  return r;
}
