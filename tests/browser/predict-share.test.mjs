// Predict first, shared: a teacher's link (predict=1) asks; the student's committed guess goes into
// the link (guess=…, guess_ttft_ms=…), and reopening that link shows the same guess and the same
// "how far off" verdict. A guess belongs to its scenario: changing an input asks again and drops it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, screenshot, nodeEngine } from './harness.mjs';
import { parseState, serializeState, withDefaults } from '../../web/src/url-state.js';
import { howFar } from '../../web/src/predict.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const state = (page) => page.evaluate(() => document.body.dataset.predict);
const feedback = (page) => page.locator('#predict-feedback').evaluate((fb) => ({
  text: fb.textContent, items: [...fb.querySelectorAll('li')].map((li) => ({ ...li.dataset })),
}));

test('the guess keys are readable, only written when set, and round-trip', () => {
  const p = parseState('#s=1&model=Llama3_8B&predict=1&guess=memory&guess_ttft_ms=35.5');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(p.guess, { bound: 'memory', ttft_ms: 35.5 });
  assert.equal(serializeState(p), '#s=1&model=Llama3_8B&predict=1&guess=memory&guess_ttft_ms=35.5');
  assert.equal(serializeState({ ...p, guess: { bound: 'compute' } }), '#s=1&model=Llama3_8B&predict=1&guess=compute');
  assert.equal(serializeState({ ...p, guess: null }), '#s=1&model=Llama3_8B&predict=1');
  assert.equal(serializeState({ ...p, predict: false }), '#s=1&model=Llama3_8B', 'no guess without predict-first mode');
  const bad = parseState('#s=1&predict=1&guess=maybe&guess_ttft_ms=-3');
  assert.deepEqual(bad.errors.map((e) => e.param), ['guess', 'guess_ttft_ms']);
  assert.match(bad.errors[0].message, /guess must be one of memory, compute \(got 'maybe'\)/);
  assert.equal(bad.guess, null);
  const orphan = parseState('#s=1&guess=compute');
  assert.equal(orphan.guess, null);
  assert.match(orphan.errors[0].message, /only read with predict=1/);
  // The verdict text is a pure function of the guess and the answer.
  assert.equal(howFar(0.05, 0.1).text, '2.00× too low (−50 %)');
  assert.equal(howFar(0.104, 0.1).text, 'within 10 % — close (+4.0 %)');
});

test('guess → share the link → reopen: the same guess and the same "how far off" text', async () => {
  const teacher = '#s=1&model=Llama3_8B&hw=H100&bs=8&predict=1';
  const { page, problems, context } = await openPage(ctx, teacher);
  assert.equal(await state(page), 'pending');
  await page.locator('input[name="guess-bound"][value="compute"]').check();
  await page.locator('#guess-ttft').fill('12.5');
  await page.locator('#predict-commit').click();
  assert.equal(await state(page), 'revealed');
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, `${teacher}&guess=compute&guess_ttft_ms=12.5`, 'the committed guess is in the link');
  const r = sim.solve({ ...withDefaults(), model: 'Llama3_8B', hardware: 'H100', batch_size: 8 });
  const first = await feedback(page);
  assert.equal(first.items[0].correct, String(r.performance.bottleneck === 'compute'));
  assert.ok(first.text.includes(howFar(0.0125, r.serving.ttft_s).text), first.text);
  await page.locator('#copy-link').click();
  const shared = await page.locator('#share-url').inputValue();
  assert.ok(shared.endsWith(hash), `the shared link is the page's (${shared})`);
  await screenshot(page, 'predict-share-revealed');

  // The student's link, opened fresh: the same reveal, no question.
  const again = await openPage(ctx, new URL(shared).hash);
  assert.equal(await state(again.page), 'revealed');
  assert.equal(await again.page.locator('#predict').isVisible(), false);
  assert.equal(await again.page.locator('#results').isVisible(), true);
  assert.deepEqual(await feedback(again.page), first, 'same guess, same verdict, same text');
  assert.equal(await again.page.evaluate(() => location.hash), hash, 'the link stays as shared');
  for (const [name, opts] of [['390', { viewport: { width: 390, height: 900 } }], ['dark', { colorScheme: 'dark' }]]) {
    const v = await openPage(ctx, new URL(shared).hash, opts);
    await screenshot(v.page, `predict-share-revealed-${name}`);
    assert.deepEqual(v.problems, []);
    await v.context.close();
  }
  // A new scenario asks again, and the link no longer claims a guess for it.
  await again.page.locator('#batch-up').click();
  assert.equal(await state(again.page), 'pending');
  assert.equal(await again.page.evaluate(() => location.hash), '#s=1&model=Llama3_8B&hw=H100&bs=16&predict=1');
  assert.deepEqual(again.problems, []);
  await again.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad guess in a link is reported and the question is asked', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&predict=1&guess=maybe');
  assert.equal(await state(page), 'pending');
  assert.match(await page.locator('#alerts').textContent(), /guess must be one of memory, compute/);
  assert.deepEqual(problems, []);
  await context.close();
});
