// Modules the first result needs, on both pages, that the sections loaded later (sections/*.js) and
// the embed's panels need too. tools/build-web.mjs makes every page module import this file
// (esbuild `inject`), so the bundler keeps them together in one shared file loaded up front instead
// of one small file per combination of entries that share them. The explicit imports of it in
// app.js and sections/*.js say the same for the unbundled pages (--no-bundle).
import './engine.js';
import './url-state.js';
import './scenario.js';
import './catalog-listing.js';
import './svg.js';
import './format.js';
import './morph.js';
import './band-format.js';
import './explain.js';
import './result-panel.js';
import './tooltip.js';
import './fleet-url.js';
