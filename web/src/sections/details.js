// Section "details" (app.js LAZY): the operators and precision breakdowns, below the fold; loaded
// right after the first result is painted.
import '../common.js';
import '../operators-panel.js';

export { QUANT_PRECISIONS, baselineFor } from '../quant-panel.js';
