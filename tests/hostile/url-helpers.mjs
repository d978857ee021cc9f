// Shared by tests/hostile/urls.test.mjs (node) and tests/browser/hostile-urls.test.mjs (the page):
// building the links of tests/hostile/urls.json and checking the shape of a parsed URL state.
import { MAX_URL_ERRORS } from '../../web/src/url-state.js';

const b64url = (bytes) => Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const repeat = (r) => r.prefix + r.repeat.repeat(r.times) + r.suffix;

async function deflateRaw(text) {
  const out = new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw')));
  return new Uint8Array(await out.arrayBuffer());
}

/** The link of a urls.json entry (deflate payloads are built here: they would not fit the file). */
export async function urlOf(e) {
  if (e.url !== undefined) return e.url;
  if (e.url_repeat) return repeat(e.url_repeat);
  return e.url_deflate.prefix + 'z.' + b64url(await deflateRaw(repeat(e.url_deflate.text)));
}

/** Problems with the shape of a parsed state ([] when it is valid). */
export function stateProblems(st) {
  const out = [];
  const scenario = (s, label) => {
    if (!s || typeof s !== 'object') return out.push(`${label} is not an object`);
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'number' && !Number.isFinite(v)) out.push(`${label}.${k} = ${v}`);
      else if (typeof v !== 'number' && typeof v !== 'string') out.push(`${label}.${k} is ${typeof v}`);
    }
    for (const k of ['model', 'hardware', 'mode', 'precision']) if (typeof s[k] !== 'string' || !s[k]) out.push(`${label}.${k} is missing`);
  };
  scenario(st.scenario, 'scenario');
  if (st.pinned !== null) scenario(st.pinned, 'pinned');
  if (typeof st.predict !== 'boolean') out.push('predict is not a boolean');
  if (!Array.isArray(st.errors)) return [...out, 'errors is not a list'];
  if (st.errors.length > MAX_URL_ERRORS) out.push(`${st.errors.length} errors (more than ${MAX_URL_ERRORS})`);
  for (const e of st.errors) {
    if (typeof e.param !== 'string' || typeof e.message !== 'string' || !e.message) out.push(`bad error ${JSON.stringify(e)}`);
    else if (e.message.length > 2000) out.push(`a ${e.message.length}-character message`);
  }
  return out;
}

