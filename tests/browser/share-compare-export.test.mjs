// Share, compare and export in Debian chromium: the copy-link button (clipboard, and its visible
// fallback), every input in the URL, pin-as-A comparisons (numbers, charts, URL round trip) and the
// exported files parsed back (JSON = the engine's result, CSV rows = sweep points, SVG and PNG).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, openPage, screenshot, nodeEngine, screenshotDir } from './harness.mjs';
import { withDefaults } from '../../web/src/url-state.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const assertClean = (problems) => assert.deepEqual(problems, [], 'no console errors, page errors or external requests');

/** Click `locator` and return the download as {name, bytes}; a copy goes to build/screenshots/exports/. */
async function downloadOf(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = await d.path();
  const bytes = await readFile(path);
  await mkdir(join(screenshotDir, 'exports'), { recursive: true });
  await copyFile(path, join(screenshotDir, 'exports', d.suggestedFilename()));
  return { name: d.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

test('copy link: the clipboard gets the full URL', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&bs=16');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.url.replace(/\/$/, '') });
  await page.locator('#copy-link').click();
  await page.waitForFunction(() => document.querySelector('#share-box').dataset.copied);
  assert.equal(await page.locator('#share-box').getAttribute('data-copied'), 'true');
  const href = await page.evaluate(() => location.href);
  assert.match(href, /#s=1&bs=16$/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), href);
  assert.match(await page.locator('#share-status').textContent(), /copied/i);
  assert.equal(await page.locator('#share-url').inputValue(), href);
  assertClean(problems);
  await context.close();
});

test('copy link without a clipboard: the URL is shown selected in a visible field', async () => {
  const context = await ctx.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => ({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }) });
  });
  const page = await context.newPage();
  await page.goto(`${ctx.url}index.html#s=1&model=Llama3_8B`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.locator('#copy-link').click();
  await page.waitForFunction(() => document.querySelector('#share-box').dataset.copied);
  assert.equal(await page.locator('#share-box').getAttribute('data-copied'), 'false');
  assert.equal(await page.locator('#share-url').isVisible(), true);
  const sel = await page.evaluate(() => {
    const i = document.querySelector('#share-url');
    return { active: document.activeElement === i, start: i.selectionStart, end: i.selectionEnd, value: i.value, href: location.href };
  });
  assert.equal(sel.value, sel.href);
  assert.deepEqual([sel.active, sel.start, sel.end], [true, 0, sel.href.length], 'the whole URL is selected');
  assert.match(await page.locator('#share-status').textContent(), /Ctrl\+C/);
  await screenshot(page, 'share-fallback');
  await context.close();
});

test('every input lives in the URL with readable keys, and reopening restores every input', async () => {
  const { page, problems, context } = await openPage(ctx, '');
  await page.locator('#model').selectOption('Llama3_8B');
  await page.locator('#hardware').selectOption('H100');
  await page.locator('#precision').selectOption('bf16');
  await page.locator('#batch').fill('8');
  await page.locator('#seq').fill('1024');
  await page.locator('#out').fill('64');
  await page.locator('#mode').selectOption('serving');
  await page.locator('#tp').selectOption('2');
  await page.locator('#predict-toggle').check();
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, '#s=1&model=Llama3_8B&hw=H100&bs=8&prec=bf16&seq=1024&out=64&mode=serving&tp=2&predict=1');
  const values = () => page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('#controls select, #controls input, #predict-toggle')].filter((i) => i.id).map((i) => [i.id, i.type === 'checkbox' ? i.checked : i.value])));
  const before = await values();
  const again = await openPage(ctx, hash);
  assert.deepEqual(await values.call(null, again.page).catch(() => null) ?? await again.page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('#controls select, #controls input, #predict-toggle')].filter((i) => i.id).map((i) => [i.id, i.type === 'checkbox' ? i.checked : i.value]))), before);
  assert.equal(await again.page.evaluate(() => location.hash), hash);
  // A pasted config.json travels too (cfg=z.…) and comes back in the box.
  await page.locator('#cfg-box summary').click();
  await page.locator('#cfg').fill(JSON.stringify({ hidden_size: 2048, num_hidden_layers: 16, num_attention_heads: 16, num_key_value_heads: 4, intermediate_size: 5632, vocab_size: 32000 }));
  await page.waitForFunction(() => /&cfg=z\./.test(location.hash));
  const withCfg = await page.evaluate(() => location.hash);
  const third = await openPage(ctx, withCfg);
  assert.deepEqual(JSON.parse(await third.page.locator('#cfg').inputValue()), JSON.parse(await page.locator('#cfg').inputValue()));
  assert.equal(await third.page.locator('#model').inputValue(), '__cfg__');
  for (const p of [problems, again.problems, third.problems]) assertClean(p);
  await Promise.all([context.close(), again.context.close(), third.context.close()]);
});

const A = { ...withDefaults(), model: 'Llama3_8B' };
const B = { ...withDefaults(), model: 'Llama3_8B', hardware: 'H100' };

async function compareValues(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('mlsysim-compare tr[data-metric]')].map((tr) => [tr.dataset.metric, {
    a: tr.querySelector('.side-a').dataset.value, b: tr.querySelector('.side-b').dataset.value,
    delta: tr.querySelector('.delta').dataset.value, ratio: tr.querySelector('.ratio').dataset.value, text: tr.textContent,
  }])));
}

function assertCompare(v, ra, rb) {
  const rows = {
    latency: (r) => r.performance.latency_s, throughput: (r) => r.performance.throughput_per_s, mfu: (r) => r.performance.mfu,
    memory: (r) => r.memory.required_bytes, intensity: (r) => r.performance.arithmetic_intensity,
    ttft: (r) => r.serving.ttft_s, itl: (r) => r.serving.itl_s, tokens: (r) => r.serving.tokens_per_s,
  };
  const ops = new Set(['energy-per-unit', 'carbon', 'tco', 'usd-per-million-tokens', 'p99']); // operations.test.mjs checks these
  assert.deepEqual(Object.keys(v).filter((k) => !ops.has(k)), ['bottleneck', ...Object.keys(rows)], 'every headline number, serving ones included');
  assert.equal(v.bottleneck.a, ra.performance.bottleneck);
  assert.equal(v.bottleneck.b, rb.performance.bottleneck);
  for (const [k, get] of Object.entries(rows)) {
    assert.equal(Number(v[k].a), get(ra), `${k} A`);
    assert.equal(Number(v[k].b), get(rb), `${k} B`);
    assert.equal(Number(v[k].delta), get(rb) - get(ra), `${k} delta`);
    assert.equal(Number(v[k].ratio), get(rb) / get(ra), `${k} ratio`);
  }
}

test('compare: pin A, change to B, both side by side with delta and ratio, on both charts, in the URL', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B');
  assert.equal(await page.locator('#compare').isVisible(), false);
  await page.locator('#pin').click();
  await page.locator('#hardware').selectOption('H100');
  assert.equal(await page.locator('#compare').isVisible(), true);
  const ra = sim.solve(A);
  const rb = sim.solve(B);
  assertCompare(await compareValues(page), ra, rb);
  // Both points on one roofline: A hollow and labelled, B labelled as this run.
  const roof = page.locator('mlsysim-roofline-chart svg');
  assert.equal(await roof.locator('.pt-pinned .pin-ring').count(), 1);
  assert.equal(await roof.locator('.pt-pinned text').textContent(), 'A');
  assert.equal(await roof.locator('.pt-workload text').textContent(), 'B (this run)');
  assert.equal(await roof.locator('.roof-pinned').count(), 1, 'A\'s own roof, since the device differs');
  // Both bars in the memory chart.
  assert.deepEqual(await page.locator('mlsysim-memory .mem-row').evaluateAll((gs) => gs.map((g) => g.dataset.side)), ['A', 'B']);
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, '#s=1&model=Llama3_8B&hw=H100&a.s=1&a.model=Llama3_8B');
  await screenshot(page, 'compare');
  // Reopening the link reproduces both.
  const again = await openPage(ctx, hash, { viewport: { width: 390, height: 900 } });
  assertCompare(await compareValues(again.page), ra, rb);
  assert.equal(await again.page.locator('mlsysim-roofline-chart .pt-pinned').count(), 1);
  const overflow = await again.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 390 px (${overflow})`);
  await screenshot(again.page, 'compare-narrow');
  // Unpin: the comparison and the a.* keys go.
  await page.locator('#unpin').click();
  assert.equal(await page.locator('#compare').isVisible(), false);
  assert.equal(await page.evaluate(() => location.hash), '#s=1&model=Llama3_8B&hw=H100');
  assert.equal(await page.locator('mlsysim-roofline-chart .pt-pinned').count(), 0);
  assertClean(problems);
  assertClean(again.problems);
  await Promise.all([context.close(), again.context.close()]);
});

test('a bad pinned scenario in the URL is reported and dropped; B still works', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&bs=2&a.s=1&a.model=NoSuchModel');
  assert.match(await page.locator('[role="alert"]').textContent(), /pinned scenario A cannot be evaluated/);
  assert.equal(await page.locator('#compare').isVisible(), false);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ok');
  assertClean(problems);
  await context.close();
});

test('export: JSON is the engine\'s result, CSVs have one row per sweep point, SVG and PNG stand alone', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B&bs=4');
  const scenario = { ...withDefaults(), model: 'Llama3_8B', batch_size: 4 };
  const r = sim.solve(scenario);
  const json = await downloadOf(page, page.locator('#export-json'));
  assert.match(json.name, /\.json$/);
  const doc = JSON.parse(json.text);
  assert.deepEqual(doc.result, r, 'the exported result equals the engine\'s');
  assert.deepEqual(doc.scenario, { schema: 1, model: 'Llama3_8B', hardware: 'A100', mode: 'inference', precision: 'fp16', batch_size: 4 });
  assert.match(doc.url, /#s=1&model=Llama3_8B&bs=4$/);

  const csv = await downloadOf(page, page.locator('button[data-csv="batch"]'));
  const lines = csv.text.trim().split(/\r\n/);
  const header = lines[0].split(',');
  assert.equal(header[0], 'batch');
  for (const k of ['latency_s', 'throughput_per_s', 'arithmetic_intensity', 'bottleneck', 'fits']) assert.ok(header.includes(k), k);
  assert.equal(lines.length - 1, r.performance.sweep.length, 'one row per sweep point');
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    assert.equal(Number(cells[0]), r.performance.sweep[i].batch);
    assert.equal(Number(cells[header.indexOf('latency_s')]), r.performance.sweep[i].latency_s);
  });

  await page.waitForFunction(() => document.body.dataset.sweepPrompt === 'done', null, { timeout: 60000 });
  const pcsv = await downloadOf(page, page.locator('button[data-csv="prompt"]'));
  const plines = pcsv.text.trim().split(/\r\n/);
  const ph = plines[0].split(',');
  assert.deepEqual(ph.slice(0, 2), ['seq_len', 'ok']);
  assert.ok(ph.includes('ttft_s') && ph.includes('itl_s'));
  const points = await page.evaluate(() => document.querySelector('#prompt-chart').data.points.length);
  assert.equal(plines.length - 1, points);
  const row2048 = plines.slice(1).map((l) => l.split(',')).find((c) => c[0] === '2048');
  assert.equal(Number(row2048[ph.indexOf('ttft_s')]), r.serving.ttft_s, 'the current prompt length row is the engine\'s TTFT');

  const blank = await context.newPage();
  for (const [sel, titleSel] of [['mlsysim-roofline-chart', 'mlsysim-roofline-chart svg.chart > title'],
    ['mlsysim-batch-chart', 'mlsysim-batch-chart svg.chart > title'], ['mlsysim-memory', 'mlsysim-memory svg.chart > title'],
    ['#prompt-chart', '#prompt-chart svg.chart > title']]) {
    const title = await page.locator(titleSel).textContent();
    const svg = await downloadOf(page, page.locator(`button[data-chart="${sel}"][data-format="svg"]`));
    assert.match(svg.name, /\.svg$/);
    // Parsed in a blank page: a file on its own, outside the page's CSP.
    const parsed = await blank.evaluate((text) => {
      const d = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: !!d.querySelector('parsererror'), root: d.documentElement.localName, ns: d.documentElement.namespaceURI,
        title: d.querySelector('svg > title')?.textContent, styled: d.querySelectorAll('[style*="fill"]').length };
    }, svg.text);
    assert.deepEqual([parsed.error, parsed.root, parsed.ns], [false, 'svg', 'http://www.w3.org/2000/svg'], `${sel}: parses as SVG`);
    assert.equal(parsed.title, title, `${sel}: carries the chart title`);
    assert.ok(parsed.styled > 10, `${sel}: computed styles inlined`);
    const png = await downloadOf(page, page.locator(`button[data-chart="${sel}"][data-format="png"]`));
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${sel}: PNG signature`);
    assert.ok(png.bytes.length > 2000, `${sel}: non-trivial PNG (${png.bytes.length} B)`);
    const w = png.bytes.readUInt32BE(16);
    const svgW = Number(await page.locator(`${sel} svg.chart`).getAttribute('width'));
    assert.equal(w, svgW * 2, `${sel}: drawn at 2× the chart width`);
  }
  assertClean(problems);
  await context.close();
});
