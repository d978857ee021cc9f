// Section "compare" (app.js LAZY): the A/B comparison table, loaded when a scenario is pinned.
import '../common.js';
import '../compare-panel.js';
