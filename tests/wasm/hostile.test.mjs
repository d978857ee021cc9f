// The hostile-input corpus (tests/hostile/scenarios.json) through the wasm module and the page's own
// API (build/web/src/engine.js): the same answers as the native test (tests/core/test_hostile.cpp) —
// ok:false with the expected error.path and a message, or, for valid-but-extreme input, ok:true with
// every number finite — and never a throw. Text reaches the engine as a JS string, so the few
// entries of raw invalid UTF-8 arrive with U+FFFD in place of the bad bytes: for those only the
// invariants are checked (the native test checks their path on the raw bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = join(root, 'build', 'web');
const corpus = JSON.parse(readFileSync(join(root, 'tests', 'hostile', 'scenarios.json'), 'utf8'));
const { createMlsysim } = await import(join(site, 'src', 'engine.js'));
const sim = await createMlsysim({ wasmBinary: readFileSync(join(site, 'mlsysim_wasm.wasm')) });

/** The entry's text and whether it is exactly the bytes the native test sends. */
export function inputOf(e) {
  if (e.input !== undefined) return { text: e.input, exact: true };
  if (e.input_b64 !== undefined) {
    const bytes = Buffer.from(e.input_b64, 'base64');
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text, exact: Buffer.from(text, 'utf8').equals(bytes) };
  }
  const r = e.input_repeat;
  return { text: r.prefix + r.repeat.repeat(r.times) + r.suffix, exact: true };
}

/** Why `answer` does not meet `expect` ('' when it does); mirrors mismatch() of test_hostile.cpp. */
export function mismatch(expect, answer) {
  if (expect.either) {
    const why = expect.either.map((alt) => mismatch(alt, answer));
    return why.includes('') ? '' : why.join(' / ');
  }
  if (expect.ok) {
    if (!answer.ok) return `expected ok:true, got ${JSON.stringify(answer.error)}`;
    if (expect.warning && !answer.warnings.some((w) => w.startsWith(expect.warning))) return `expected a warning starting with '${expect.warning}'`;
    return '';
  }
  if (answer.ok) return 'expected ok:false, got ok:true';
  const { path, message } = answer.error;
  if (expect.path !== undefined && path !== expect.path) return `error.path '${path}' (message: ${message.slice(0, 200)})`;
  if (expect.path_prefix !== undefined && !path.startsWith(expect.path_prefix)) return `error.path '${path}' lacks the prefix`;
  if (expect.message_has !== undefined && !message.includes(expect.message_has)) return `message '${message.slice(0, 200)}' lacks '${expect.message_has}'`;
  return '';
}

function finite(v) {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v && typeof v === 'object') return Object.values(v).every(finite);
  return true;
}

test('the hostile corpus has at least 100 entries', () => assert.ok(corpus.entries.length >= 100));

test('every hostile scenario: a valid answer, the expected error path, no NaN, never a throw', () => {
  const failures = [];
  let inexact = 0;
  for (const e of corpus.entries) {
    const { text, exact } = inputOf(e);
    let answer;
    try {
      answer = sim.solve(text); // engine.js parses the module's UTF-8 answer with JSON.parse
    } catch (x) {
      failures.push(`${e.name}: threw ${x}`);
      continue;
    }
    if (answer.schema !== 1 || typeof answer.ok !== 'boolean') failures.push(`${e.name}: not a result object`);
    else if (!answer.ok) {
      if (typeof answer.error?.path !== 'string' || !answer.error.message) failures.push(`${e.name}: error without path or message`);
      // A lone surrogate would have come out of TextDecoder as U+FFFD; none may appear unless sent.
      else if (exact && answer.error.message.includes('\ufffd') && !text.includes('\ufffd')) failures.push(`${e.name}: U+FFFD in the message`);
    } else {
      if (!finite(answer)) failures.push(`${e.name}: a number is not finite`);
      const nonfinite = answer.warnings.filter((w) => w.startsWith('NONFINITE'));
      if (nonfinite.length) failures.push(`${e.name}: ${nonfinite.slice(0, 3).join('; ')}`);
    }
    if (!exact) {
      inexact += 1;
      continue;
    }
    const why = mismatch(e.expect, answer);
    if (why) failures.push(`${e.name}: ${why}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(inexact <= 5, `${inexact} entries could not be sent byte for byte`);
});
