// URL state: parse/serialize round trips, defaults omitted, every bad parameter reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, serialize, withDefaults, DEFAULTS } from '../../web/src/url-state.js';

test('defaults serialize to the schema number alone', () => {
  assert.equal(serialize(withDefaults()), '#s=1');
  assert.deepEqual(parse('').scenario, withDefaults());
  assert.deepEqual(parse('#s=1'), { scenario: withDefaults(), errors: [] });
});

test('only non-default fields are written, in a stable order', () => {
  const s = { ...withDefaults(), model: 'Llama3_70B', hardware: 'H100', batch_size: 32, precision: 'bf16', seq_len: 4096 };
  assert.equal(serialize(s), '#s=1&model=Llama3_70B&hw=H100&bs=32&prec=bf16&seq=4096');
});

test('a shared URL round-trips to the same scenario', () => {
  const hash = '#s=1&model=Llama3_70B&hw=H100&bs=32&prec=bf16&seq=1024&out=256&mode=serving';
  const { scenario, errors } = parse(hash);
  assert.deepEqual(errors, []);
  assert.deepEqual(scenario, { schema: 1, model: 'Llama3_70B', hardware: 'H100', mode: 'serving', precision: 'bf16',
    batch_size: 32, seq_len: 1024, output_len: 256 });
  assert.deepEqual(parse(serialize(scenario)).scenario, scenario);
});

test('names are passed through for the engine to judge; range checks are the engine\'s', () => {
  const { scenario, errors } = parse('#s=1&model=NoSuchModel&bs=0');
  assert.deepEqual(errors, []);
  assert.equal(scenario.model, 'NoSuchModel');
  assert.equal(scenario.batch_size, 0);
});

test('syntax errors and unknown keys are reported with their parameter, and the default kept', () => {
  const { scenario, errors } = parse('#s=2&bs=abc&foo=1&prec=fp7&mode=fly&model=');
  const params = errors.map((e) => e.param);
  assert.deepEqual(params, ['s', 'bs', 'foo', 'prec', 'mode', 'model']); // in URL order
  assert.equal(scenario.batch_size, DEFAULTS.batch_size);
  assert.equal(scenario.precision, DEFAULTS.precision);
  assert.match(errors.find((e) => e.param === 'foo').message, /unknown URL parameter 'foo'/);
  assert.match(errors.find((e) => e.param === 'bs').message, /whole number \(got 'abc'\)/);
});

test('percent-encoding and case of precision are handled', () => {
  const { scenario } = parse('#s=1&model=My%20Model&prec=BF16');
  assert.equal(scenario.model, 'My Model');
  assert.equal(scenario.precision, 'bf16');
  assert.equal(serialize(scenario), '#s=1&model=My%20Model&prec=bf16');
});

test('tp, seq, out and cfg round-trip; tp = 1 is the default and is not written', async () => {
  const { encodeConfig } = await import('../../web/src/url-state.js');
  const cfg = await encodeConfig(JSON.stringify({ hidden_size: 4096, num_hidden_layers: 32 }));
  const s = { ...withDefaults(), model: 'Llama3_8B', seq_len: 512, output_len: 64, tp: 4, cfg };
  const hash = serialize(s);
  assert.equal(hash, `#s=1&model=Llama3_8B&seq=512&out=64&tp=4&cfg=${cfg}`);
  assert.deepEqual(parse(hash), { scenario: s, errors: [] });
  assert.equal(serialize({ ...withDefaults(), tp: 1 }), '#s=1');
  assert.deepEqual(parse('#s=1&tp=1'), { scenario: withDefaults(), errors: [] });
  assert.match(parse('#s=1&tp=two').errors[0].message, /tp must be a whole number/);
});

test('a malformed cfg is reported with its parameter; the catalog model is kept', () => {
  for (const bad of ['x.abc', 'z.', 'z.a+b', '{"hidden_size":1}']) {
    const { scenario, errors } = parse(`#s=1&cfg=${encodeURIComponent(bad)}`);
    assert.equal(scenario.cfg, undefined, bad);
    assert.equal(errors[0].param, 'cfg', bad);
  }
});

test('inline configs encode compressed (deflate-raw) and plain, and both decode to the same text', async () => {
  const { encodeConfig, decodeConfig } = await import('../../web/src/url-state.js');
  const text = JSON.stringify({ name: 'Llama-2-7b ✓', hidden_size: 4096, intermediate_size: 11008, num_attention_heads: 32,
    num_hidden_layers: 32, num_key_value_heads: 32, vocab_size: 32000, max_position_embeddings: 4096, rms_norm_eps: 1e-5 });
  const z = await encodeConfig(text);
  const j = await encodeConfig(text, { compress: false });
  assert.match(z, /^z\.[A-Za-z0-9_-]+$/);
  assert.match(j, /^j\.[A-Za-z0-9_-]+$/);
  assert.ok(z.length < j.length, 'compression makes the link shorter');
  assert.equal(await decodeConfig(z), text);
  assert.equal(await decodeConfig(j), text);
  // Without CompressionStream (older browsers): encode falls back to the plain form; a compressed
  // link says clearly why it cannot be opened.
  const saved = [globalThis.CompressionStream, globalThis.DecompressionStream];
  try {
    globalThis.CompressionStream = undefined;
    globalThis.DecompressionStream = undefined;
    assert.equal(await encodeConfig(text), j);
    assert.equal(await decodeConfig(j), text);
    await assert.rejects(decodeConfig(z), /no DecompressionStream/);
  } finally {
    [globalThis.CompressionStream, globalThis.DecompressionStream] = saved;
  }
  await assert.rejects(decodeConfig('z.' + 'A'.repeat(20)), /could not be decompressed/);
  await assert.rejects(decodeConfig('q.abc'), /must be 'z.' or 'j.'/);
});

test('old URLs keep working: every schema-1 key of the first page still parses the same way', () => {
  const { scenario, errors } = parse('#s=1&model=ResNet50&hw=A100&bs=32&prec=fp16&seq=2048&out=128&mode=inference');
  assert.deepEqual(errors, []);
  assert.deepEqual(scenario, { ...withDefaults(), batch_size: 32, seq_len: 2048, output_len: 128 });
});
