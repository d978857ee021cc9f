// web/src/format.js rounds and groups digits itself (no Intl on the first render): its output must
// be what Intl.NumberFormat('en-US') prints, ties and signs included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatInteger, formatSI } from '../../web/src/format.js';

const intl = (options) => new Intl.NumberFormat('en-US', options);

test('formatNumber equals Intl maximumSignificantDigits on edge cases and 30 000 random values', () => {
  const edges = [0, -0, 1, -1, 0.5, 999.5, 999.4999, 1000, 12.5, 0.125, 1.005, 2.675, 1e21, 1.2345e25, 1e-7, 3.14159e-12,
    123456789, -1234.5, 99999, 0.000999951, Number.MAX_VALUE, Number.MIN_VALUE];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const randoms = Array.from({ length: 10000 }, () => (random() - 0.3) * 10 ** (random() * 40 - 15));
  for (const digits of [2, 3, 4]) {
    const f = intl({ maximumSignificantDigits: digits });
    for (const x of [...edges, ...randoms]) assert.equal(formatNumber(x, digits), f.format(x), `${x} to ${digits} digits`);
  }
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(Infinity), '—');
});

test('formatInteger equals Intl maximumFractionDigits 0: grouping, halves away from zero, -0', () => {
  const f = intl({ maximumFractionDigits: 0 });
  for (const x of [0, -0, -0.3, 0.5, 1.5, 2.5, -1234.5, 26200, 1e15 + 1, 9007199254740993, 1e21, 4.2e22, 12345678.49])
    assert.equal(formatInteger(x), f.format(x), String(x));
});

test('formatSI scales to a prefix after rounding', () => {
  assert.equal(formatSI(1.872e14, 'FLOP/s'), '187 TFLOP/s');
  assert.equal(formatSI(999.7e3, 'B'), '1 MB');
  assert.equal(formatSI(1234567, 'B', 4), '1.235 MB');
});
