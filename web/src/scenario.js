// URL scenario → the scenario the engine is sent (DESIGN.md §3 Scenario JSON). Shared by the page
// (app.js) and the embeds (embed-core.js) so both send the same thing for the same link. No physics:
// it only drops fields that mean nothing for the model's kind and nests tp under cluster.
import { addSiteTraffic } from './site-state.js';

export const LLM_KINDS = new Set(['decoder', 'encoder']);

/** The kind of the scenario's model: the catalog's kind, or decoder for a pasted HF config. */
export function modelKind(s, catalog, inlineObject) {
  if (s.cfg) return inlineObject?.type === 'generic' ? 'generic' : 'decoder';
  const n = String(s.model).toLowerCase();
  return catalog?.models?.find((m) => m.name.toLowerCase() === n)?.kind;
}

/** `inlineObject` is the decoded cfg (when the scenario has one and it decoded); `kind` its model kind. */
export function toEngineScenario(s, { inlineObject, kind } = {}) {
  const model = s.cfg && inlineObject ? inlineObject : s.model;
  const out = { schema: 1, model, hardware: s.hardware, mode: s.mode, precision: s.precision, batch_size: s.batch_size };
  // seq_len/output_len only where they mean something (and only if set; absent = engine default).
  if (kind === undefined || LLM_KINDS.has(kind)) {
    if (s.seq_len !== undefined) out.seq_len = s.seq_len;
    if (s.output_len !== undefined && kind !== 'encoder') out.output_len = s.output_len;
  }
  if (s.tp > 1) out.cluster = { tp: s.tp };
  addSiteTraffic(out, s);
  addCalibration(out, s);
  return out;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** calm/calv → the engine's calibration block: a plain number is SI, anything else a unit string for the engine to read. */
export function addCalibration(out, s) {
  if (s.calibration_metric === undefined) return out;
  const v = s.calibration_measured;
  out.calibration = { metric: s.calibration_metric };
  if (v !== undefined) out.calibration.measured = NUMBER_RE.test(String(v).trim()) ? Number(v) : String(v);
  return out;
}
