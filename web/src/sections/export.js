// Downloads (JSON, CSV, SVG, PNG): loaded at the first download (app.js).
import '../common.js';

export * from '../export.js';
