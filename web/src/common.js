// Modules the first result needs, on both pages, that the sections loaded later (sections/*.js) and
// the embed's panels need too. tools/build-web.mjs makes every page module import this file
// (esbuild `inject`), so the bundler keeps them together in one shared file loaded up front instead
// of one small file per combination of entries that share them. app.js and sections/*.js also
// import it by name, which changes nothing once bundled and keeps the unbundled pages
// (--no-bundle) loading the same set up front.
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
