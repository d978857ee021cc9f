// Section "charts" (app.js LAZY): the roofline, batch and latency charts, below the fold; loaded
// right after the first result is painted.
import '../common.js';
import '../roofline-chart.js';
import '../batch-chart.js';
import '../latency-chart.js';
