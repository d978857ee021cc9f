// The page's operations part (issue 4/6): the site/traffic inputs and the energy, cost and queueing
// panels, wired to app.js through two calls so the controller stays as it was:
//   initOperations(catalog, getScenario, setScenario)   once, after the inputs are built
//   showOperations(result, scenario)                    after every solve (or its two halves,
//                                                       showSiteState and showOperationsPanels)
// The panels themselves (sections/ops.js) load after the first result is painted (app.js); until
// they are defined, showOperations leaves them alone (a property set on an element before its
// class is defined would hide the class's setter).
import { initSiteInputs, showSiteInputs, showSiteErrors } from './site-inputs.js';

export { SITE_FIELDS, SITE_URL_FIELDS, isSitePath, siteChoicesFor } from './site-inputs.js';

export function initOperations(catalog, get, onChange) {
  const root = document.querySelector('#site-inputs');
  if (root) initSiteInputs(root, { catalog, get, onChange });
}

export function showOperations(r, scenario) {
  showSiteState(r, scenario);
  showOperationsPanels(r);
}

/** The site/traffic inputs: the scenario's values and the engine's error at its field. */
export function showSiteState(r, scenario) {
  showSiteInputs(scenario);
  showSiteErrors(r.ok ? null : r.error);
}

/** The panels (below the fold: app.js draws them when they are in view or the page is idle). */
export function showOperationsPanels(r) {
  if (!r.ok) return; // the panels keep the last good result (dimmed with the rest of the output)
  const panels = ['mlsysim-queueing', 'mlsysim-energy', 'mlsysim-cost'].filter((t) => customElements.get(t))
    .map((t) => document.querySelector(t)).filter(Boolean);
  if (!panels.length) return;
  for (const p of panels) p.result = r;
  const box = document.querySelector('.ops-panels');
  if (box) box.hidden = panels.every((p) => p.hidden);
}
