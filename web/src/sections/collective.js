// Section "collective" (app.js LAZY): the collectives calculator, loaded when its box is opened.
import '../common.js';
import '../collective-panel.js';
