// Modules the first result needs that the sections loaded later (sections/*.js) need too. Every
// section imports this file, so the bundler (tools/build-web.mjs) keeps them together in one shared
// file loaded up front, instead of one small file per combination of sections that share them.
import './svg.js';
import './format.js';
import './explain.js';
import './result-panel.js';
import './tooltip.js';
import './fleet-url.js';
