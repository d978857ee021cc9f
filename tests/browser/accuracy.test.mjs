// The accuracy view in Debian chromium: not loaded until "How accurate is this?" is opened; then one
// row per public validation case, and every figure (predicted, signed error, per-category median and
// p90, the global fit and its "after" errors) equal to the command-line report's
// (build/accuracy/report.json, written by `node tools/accuracy-report.mjs`, which `./run test` runs
// before this file). Screen-reader structure: captions, column and row headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, openPage, screenshot, root } from './harness.mjs';

let ctx;
let report;
before(async () => {
  ctx = await setup();
  const path = join(root, 'build', 'accuracy', 'report.json');
  try {
    report = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new Error('build/accuracy/report.json is missing: run `node tools/accuracy-report.mjs` first (./run test does)');
  }
});
after(async () => { await ctx?.close(); });

const ids = async () => (await readdir(join(root, 'tests', 'accuracy', 'cases'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1e-12, Math.abs(b)), `${what}: page ${a} vs report ${b}`);
const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');

async function openView(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.click('#accuracy-link');
  await page.waitForFunction(() => document.querySelector('mlsysim-accuracy')?.dataset.state === 'ready', null, { timeout: 60000 });
}

// The page's own fetches (resource timing): the service worker's background copy of every file for
// offline use is not part of the page's load.
const pageFetches = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

test('the view costs nothing on first load and is reachable from the header link', async () => {
  const { page, problems, context } = await openPage(ctx);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  assert.ok(!(await pageFetches(page)).some((u) => /accuracy-(panel|math)\.js|accuracy-cases\.json/.test(u)),
    'nothing of the accuracy view is fetched before it is opened');
  assert.equal(await page.locator('link[rel="modulepreload"][href*="accuracy"]').count(), 0, 'nor preloaded');
  assert.equal(await page.locator('mlsysim-accuracy').count(), 0);
  const hash = await page.evaluate(() => location.hash);
  await openView(page);
  assert.equal(await page.evaluate(() => location.hash), hash, 'the link does not touch the scenario hash');
  assert.equal(await page.locator('#accuracy-box').getAttribute('open'), '');
  const origin = new URL(ctx.url).origin;
  const fetched = (await pageFetches(page)).filter((u) => /accuracy-cases\.json$/.test(u));
  assert.ok(fetched.length === 1 && fetched[0].startsWith(origin), 'the cases come from the same origin');
  assertClean(problems);
  await context.close();
});

test('one row per validation case; figures equal the command-line report', async () => {
  const { page, problems, context } = await openPage(ctx);
  await openView(page);
  const rows = await page.$$eval('.acc-cases tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.id,
    kind: tr.dataset.kind,
    predicted: tr.querySelector('[data-key="predicted"]')?.dataset.value,
    predictedText: tr.querySelector('[data-key="predicted"]')?.textContent,
    measuredText: tr.querySelector('[data-key="measured"]')?.textContent,
    error: tr.querySelector('[data-key="error"]')?.dataset.value,
    errorText: tr.querySelector('[data-key="error"]')?.textContent,
  })));
  assert.deepEqual(rows.map((r) => r.id).sort(), await ids());
  assert.deepEqual(rows.map((r) => r.id).sort(), report.cases.map((r) => r.id).sort(), 'the report covers the same cases');
  for (const r of rows) {
    const n = report.cases.find((x) => x.id === r.id);
    assert.equal(n.status, 'ok', `${r.id} runs in the CLI`);
    close(Number(r.predicted), n.predicted, `${r.id} predicted`);
    close(Number(r.error), n.error, `${r.id} error`);
    assert.match(r.errorText, /^[+−]\d/, `${r.id} signed error text`);
    assert.match(r.predictedText, /[a-zA-Z%]/, `${r.id} predicted carries a unit`);
    assert.match(r.measuredText, /[a-zA-Z%]/, `${r.id} measured carries a unit`);
  }
  const summary = await page.$$eval('.acc-summary tbody tr', (trs) => trs.map((tr) => ({
    category: tr.dataset.category,
    median: tr.querySelector('[data-key="median"]')?.dataset.value,
    p90: tr.querySelector('[data-key="p90"]')?.dataset.value,
  })));
  for (const c of report.summary.categories) {
    const s = summary.find((x) => x.category === c.category);
    assert.ok(s, `summary row for ${c.category}`);
    close(Number(s.median), c.median_abs, `${c.category} median`);
    close(Number(s.p90), c.p90_abs, `${c.category} p90`);
  }
  const overall = summary.find((x) => x.category === 'overall');
  close(Number(overall.median), report.summary.overall.median_abs, 'overall median');
  const secondary = await page.$$eval('.acc-secondary tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.id, predicted: tr.querySelector('[data-key="predicted"]')?.dataset.value })));
  assert.equal(secondary.length, report.secondary.length);
  for (const s of secondary) close(Number(s.predicted), report.secondary.find((x) => x.id === s.id).predicted, `${s.id} predicted`);
  const weak = await page.$$eval('.acc-weak dd', (dds) => dds.map((d) => d.dataset.category));
  for (const c of report.summary.categories) assert.ok(weak.includes(c.category), `weak-spot text for ${c.category}`);
  assertClean(problems);
  await context.close();
});

test('tables are labelled for screen readers', async () => {
  const { page, problems, context } = await openPage(ctx);
  await openView(page);
  for (const t of await page.$$('mlsysim-accuracy table')) {
    assert.ok((await t.$eval('caption', (c) => c.textContent)).length > 20, 'every table has a caption');
    const heads = await t.$$eval('thead th', (ths) => ths.map((th) => th.getAttribute('scope')));
    assert.ok(heads.length > 0 && heads.every((s) => s === 'col'));
    const rowHeads = await t.$$eval('tbody tr', (trs) => trs.map((tr) => tr.firstElementChild.tagName + tr.firstElementChild.getAttribute('scope')));
    assert.ok(rowHeads.every((s) => s === 'THrow'), 'each row starts with its row header');
  }
  assertClean(problems);
  await context.close();
});

test('the global fit run in the page gives the report\'s best point and "after" errors', async () => {
  const { page, problems, context } = await openPage(ctx);
  await openView(page);
  await page.click('.acc-fit-run');
  await page.waitForFunction(() => document.querySelector('mlsysim-accuracy')?.dataset.fit === 'done', null, { timeout: 120000 });
  const value = async (key) => Number(await page.locator(`.acc-fit-metrics [data-key="${key}"] .value`).getAttribute('data-value'));
  assert.equal(await value('compute'), report.fit.best.compute);
  assert.equal(await value('memory'), report.fit.best.memory);
  close(await value('score'), report.fit.score_at_best, 'score at best');
  for (const c of report.fit.summary_after.categories) {
    const v = await page.locator(`.acc-summary tr[data-category="${c.category}"] [data-key="median-after"]`).getAttribute('data-value');
    close(Number(v), c.median_abs, `${c.category} median after fit`);
  }
  assert.match(await page.locator('.acc-decision').textContent(), /Decision: /);
  assertClean(problems);
  await context.close();
});

for (const [name, viewport, colorScheme] of [['desktop-light', { width: 1280, height: 1000 }, 'light'],
  ['phone-dark', { width: 390, height: 844 }, 'dark']]) {
  test(`screenshot: accuracy view, ${name}`, async () => {
    const { page, problems, context } = await openPage(ctx, '', { viewport, colorScheme });
    await openView(page);
    await page.locator('#accuracy-box').scrollIntoViewIfNeeded();
    await screenshot(page, `accuracy-${name}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    assert.ok(overflow, 'the page itself does not scroll sideways (wide tables scroll inside their wrapper)');
    assertClean(problems);
    await context.close();
  });
}
