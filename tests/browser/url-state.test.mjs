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
