// Old URLs keep opening: every URL of tests/browser/url-corpus.json (written by schema 1 of the page,
// inline configs and pinned scenarios included) parses to the same scenario, pinned scenario,
// predict flag and decoded config; and in the page the engine gets the same scenario.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseState, serializeState, decodeConfig } from '../../web/src/url-state.js';
import { setup, openPage, root } from './harness.mjs';

const corpus = JSON.parse(await readFile(join(root, 'tests', 'browser', 'url-corpus.json'), 'utf8'));

test('the corpus covers every key of schema 1 (s, model, hw, bs, prec, seq, out, mode, tp, cfg, predict, a.…)', () => {
  const keys = new Set();
  for (const e of corpus.entries) for (const [k] of new URLSearchParams(e.url.replace(/^#/, ''))) keys.add(k);
  for (const k of ['s', 'model', 'hw', 'bs', 'prec', 'seq', 'out', 'mode', 'tp', 'cfg', 'predict', 'a.s', 'a.model', 'a.cfg', 'a.tp',
    'calm', 'calv'])
    assert.ok(keys.has(k), `corpus has a URL with '${k}'`);
  assert.ok(corpus.entries.some((e) => /cfg=z\./.test(e.url)) && corpus.entries.some((e) => /cfg=j\./.test(e.url)), 'both inline forms');
});

for (const e of corpus.entries) {
  test(`corpus: ${e.note}`, async () => {
    const st = parseState(e.url);
    assert.deepEqual(st.errors, [], 'no errors');
    assert.deepEqual(st.scenario, e.scenario, 'same scenario');
    assert.deepEqual(st.pinned, e.pinned ?? null, 'same pinned scenario');
    assert.equal(st.predict, e.predict ?? false, 'same predict flag');
    // Writing it back gives the canonical form, which parses to the same state again.
    const again = serializeState(st);
    assert.equal(again, e.canonical);
    const st2 = parseState(again);
    assert.deepEqual([st2.scenario, st2.pinned, st2.predict], [st.scenario, st.pinned, st.predict]);
    for (const cfg of [st.scenario.cfg, st.pinned?.cfg].filter(Boolean)) {
      assert.deepEqual(JSON.parse(await decodeConfig(cfg)), e.config, 'the inline config decodes to the same object');
    }
  });
}

test('pinned keys are strict: a.* without a.s, an unknown a.* key and a bad value are reported', () => {
  let st = parseState('#s=1&a.model=Llama3_8B');
  assert.equal(st.pinned, null);
  assert.match(st.errors[0].message, /need a\.s=1/);
  st = parseState('#s=1&a.s=1&a.foo=2&a.bs=x');
  assert.deepEqual(st.errors.map((x) => x.param), ['a.foo', 'a.bs']);
  assert.deepEqual(st.pinned, parseState('#s=1').scenario, 'bad pinned fields keep their defaults');
  st = parseState('#s=1&a.s=2&a.bs=4');
  assert.equal(st.pinned, null);
  assert.match(st.errors[0].message, /not supported.*dropped/);
  assert.match(parseState('#s=1&predict=yes').errors[0].message, /predict must be 1 or 0/);
});

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.close(); });

test('in the page, corpus URLs with inline configs, tp and seq/out send the same scenario to the engine', async () => {
  const pick = corpus.entries.filter((e) => /cfg=|tp=|seq=/.test(e.url) && !/a\.s=/.test(e.url));
  assert.ok(pick.length >= 4);
  for (const e of pick) {
    const { page, problems, context } = await openPage(ctx, e.url.startsWith('#') ? e.url : `#${e.url}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const sent = JSON.parse(await page.locator('#scenario-json').textContent());
    const s = e.scenario;
    assert.equal(sent.hardware, s.hardware, e.note);
    assert.equal(sent.batch_size, s.batch_size, e.note);
    assert.equal(sent.precision, s.precision, e.note);
    assert.equal(sent.mode, s.mode, e.note);
    assert.deepEqual(sent.cluster ?? { tp: 1 }, { tp: s.tp ?? 1 }, e.note);
    if (s.cfg) assert.deepEqual(sent.model, e.config, `${e.note}: the decoded config is the model`);
    else assert.equal(sent.model, s.model, e.note);
    // seq_len/output_len reach the engine only for language models (a CNN has no sequence).
    if (s.seq_len !== undefined && (s.cfg || s.model !== 'ResNet50')) assert.equal(sent.seq_len, s.seq_len, e.note);
    if (!s.cfg && s.model === 'ResNet50') assert.equal(sent.seq_len, undefined, e.note);
    assert.equal(await page.evaluate(() => location.hash), e.canonical, `${e.note}: the page rewrites the URL canonically`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
