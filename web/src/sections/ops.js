// Section "ops" (app.js LAZY): the queueing, energy and cost panels, below the fold; loaded right
// after the first result is painted (operations.js feeds them once they are defined).
import '../common.js';
import '../energy-panel.js';
import '../cost-panel.js';
import '../queueing-panel.js';
