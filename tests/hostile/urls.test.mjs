// Hostile share links through the page's URL parsers, in Node (no browser): tests/hostile/urls.json
// and then 20 000 seeded random mutations of it and of the schema-1 corpus. Every link yields a
// valid state (finite numbers, strings, at most MAX_URL_ERRORS problems, each naming its
// parameter) — never a throw — and writing the state back gives a link that parses to the same
// state with no problems. Inline payloads decode or reject with an Error, and never inflate past
// the engine's 4 MiB input limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseState, serializeState, decodeConfig, MAX_INLINE_BYTES } from '../../web/src/url-state.js';
import { urlOf, stateProblems } from './url-helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hostile = JSON.parse(readFileSync(join(root, 'tests', 'hostile', 'urls.json'), 'utf8'));
const schema1 = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'url-corpus.json'), 'utf8'));

/** The state written back and read again: the same scenario, pin and flag, and no problems. */
function roundTripProblems(st) {
  const again = parseState(serializeState(st));
  const out = again.errors.map((e) => `round trip: ${e.param}: ${e.message}`);
  try {
    assert.deepEqual([again.scenario, again.pinned, again.predict], [st.scenario, st.pinned, st.predict]);
  } catch {
    out.push(`round trip changed the state: ${serializeState(st).slice(0, 200)}`);
  }
  return out;
}

/** decodeConfig of every inline payload: {outcome: 'decodes'|'rejects'} or a problem. */
async function decodeOutcome(value) {
  try {
    const text = await decodeConfig(value);
    if (typeof text !== 'string') return { problem: 'decoded to a non-string' };
    if (new TextEncoder().encode(text).length > MAX_INLINE_BYTES) return { problem: `decoded to ${text.length} characters` };
    return { outcome: 'decodes' };
  } catch (e) {
    if (!(e instanceof Error) || !e.message) return { problem: `threw ${e}` };
    return { outcome: 'rejects', message: e.message };
  }
}

test('the hostile URL corpus has at least 40 links', () => assert.ok(hostile.entries.length >= 40));

for (const e of hostile.entries) {
  test(`hostile URL: ${e.name}`, async () => {
    const url = await urlOf(e);
    const st = parseState(url); // a throw fails the test
    assert.deepEqual(stateProblems(st), []);
    const params = st.errors.map((x) => x.param);
    if (e.expect.clean) assert.deepEqual(st.errors, [], 'no problems reported');
    for (const p of e.expect.errors ?? []) assert.ok(params.includes(p), `'${p}' is reported (got ${JSON.stringify(params.slice(0, 5))})`);
    assert.deepEqual(roundTripProblems(st), []);
    const inline = [st.scenario.cfg, st.pinned?.cfg].filter(Boolean);
    if (e.expect.cfg) {
      assert.equal(inline.length, 1, 'one inline payload passed the syntax check');
      const r = await decodeOutcome(inline[0]);
      assert.equal(r.problem, undefined, r.problem);
      assert.equal(r.outcome, e.expect.cfg, r.message);
    }
  });
}

// mulberry32: a small seeded PRNG, so that every run (and every failure) is reproducible.
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['&', '=', '#', '%', '%00', '%E0%A4%A', '%F0%9F%A6%99', 'a.', 'a.s=1', 's=1', 's=2', 'bs=', 'cfg=z.', 'cfg=j.',
  'model=', 'hw=', 'tp=8', '1e999', 'NaN', '-0', '9'.repeat(30), '<img src=x onerror=alert(1)>', '\u202e', '\u200b', '\u0000',
  ' ', '+', '.', '_', '-', 'predict=1', 'mode=training', 'gpus=', 'years=', 'rate=', 'Infinity', '0x1', '1.5'];
const KEYS = ['s', 'model', 'hw', 'bs', 'prec', 'seq', 'out', 'mode', 'tp', 'region', 'years', 'util', 'pue', 'price', 'rate', 'slo',
  'gpus', 'gpn', 'pp', 'dp', 'cp', 'ep', 'mb', 'vs', 'zero', 'rc', 'fabric', 'tokens', 'days', 'cfg', 'predict', 'a.s', 'a.bs', 'a.cfg'];

function mutate(url, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const at = () => Math.floor(rnd() * (url.length + 1));
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const op = Math.floor(rnd() * 7);
    if (op === 0) { const i = at(); url = url.slice(0, i) + pick(PIECES) + url.slice(i); }
    else if (op === 1) { const i = at(); url = url.slice(0, i) + url.slice(i + 1 + Math.floor(rnd() * 8)); }
    else if (op === 2) { const i = at(); url = url.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + url.slice(i); }
    else if (op === 3) url += `&${pick(KEYS)}=${pick(PIECES)}`;
    else if (op === 4) { const i = at(), j = at(); url = url.slice(0, Math.max(i, j)) + url.slice(Math.min(i, j)); } // duplicate a span
    else if (op === 5) { const parts = url.split('&'); parts.sort(() => rnd() - 0.5); url = parts.join('&'); }
    else { const i = at(); url = url.slice(0, i) + pick(PIECES) + pick(PIECES) + url.slice(i + 3); }
  }
  return url;
}

test('20 000 seeded mutations of the URL corpora: a valid state, a stable round trip, never a throw', async (t) => {
  const seeds = [...schema1.entries.map((e) => e.url)];
  for (const e of hostile.entries) if (e.url !== undefined && e.url.length < 4096) seeds.push(e.url);
  const rnd = prng(20240607);
  const failures = [];
  let runs = 0, decoded = 0, withErrors = 0;
  for (let i = 0; i < 20000; i++) {
    const url = mutate(seeds[Math.floor(rnd() * seeds.length)], rnd);
    runs += 1;
    let st;
    try {
      st = parseState(url);
    } catch (x) {
      failures.push(`threw ${x} for ${JSON.stringify(url)}`);
      continue;
    }
    const problems = [...stateProblems(st), ...roundTripProblems(st)];
    if (problems.length) failures.push(`${problems[0]} for ${JSON.stringify(url)}`);
    if (st.errors.length) withErrors += 1;
    if (i % 10 === 0) {
      for (const cfg of [st.scenario.cfg, st.pinned?.cfg].filter(Boolean)) {
        decoded += 1;
        const r = await decodeOutcome(cfg);
        if (r.problem) failures.push(`decodeConfig: ${r.problem} for ${cfg.slice(0, 80)}`);
      }
    }
    if (failures.length >= 10) break;
  }
  t.diagnostic(`URL mutation fuzz: ${runs} links parsed (${withErrors} with reported problems), ${decoded} inline payloads decoded`);
  assert.deepEqual(failures, []);
  assert.equal(runs, 20000);
});
