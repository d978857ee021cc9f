// Section "fleet" (app.js LAZY): the training inputs and panels, loaded when the page first needs
// them (mode training).
import '../common.js';

export * from '../fleet-inputs.js';
