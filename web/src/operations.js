// The page's operations part (issue 4/6): the site/traffic inputs and the energy, cost and queueing
// panels, wired to app.js through two calls so the controller stays as it was:
//   initOperations(catalog, getScenario, setScenario)   once, after the inputs are built
//   showOperations(result, scenario)                    after every solve
import { initSiteInputs, showSiteInputs, showSiteErrors } from './site-inputs.js';
import './energy-panel.js';
import './cost-panel.js';
import './queueing-panel.js';

export { SITE_FIELDS, SITE_URL_FIELDS, isSitePath, siteChoicesFor } from './site-inputs.js';

export function initOperations(catalog, get, onChange) {
  const root = document.querySelector('#site-inputs');
  if (root) initSiteInputs(root, { catalog, get, onChange });
}

export function showOperations(r, scenario) {
  showSiteInputs(scenario);
  showSiteErrors(r.ok ? null : r.error);
  if (!r.ok) return; // the panels keep the last good result (dimmed with the rest of the output)
  const panels = ['mlsysim-queueing', 'mlsysim-energy', 'mlsysim-cost'].map((t) => document.querySelector(t)).filter(Boolean);
  for (const p of panels) p.result = r;
  const box = document.querySelector('.ops-panels');
  if (box) box.hidden = panels.every((p) => p.hidden);
}
