// The catalog listing the build writes into index.html (tools/page-catalog.mjs): it is the engine's
// catalog() on the fields the page reads, the page builds its inputs from it, and a page served
// without it falls back to the engine's catalog() with the same inputs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, webDir, nodeEngine, isFakeBuild } from './harness.mjs';
import { PAGE_CATALOG_FIELDS } from '../../tools/page-catalog.mjs';

const fake = await isFakeBuild();
const html = await readFile(join(webDir, 'index.html'), 'utf8');
const BLOCK = /<script type="application\/json" id="catalog-listing">([^<]*)<\/script>\n?/;

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.close(); });

test('the page listing is the engine catalog() on the fields the page reads, in order', { skip: fake && 'fake build: no listing' }, async () => {
  const listing = JSON.parse(html.match(BLOCK)[1]);
  const engine = (await nodeEngine()).catalog();
  for (const k of ['schema', 'ok', 'precisions', 'modes']) assert.deepEqual(listing[k], engine[k], k);
  for (const [list, fields] of Object.entries(PAGE_CATALOG_FIELDS)) {
    assert.equal(listing[list].length, engine[list].length, list);
    engine[list].forEach((e, i) => {
      assert.deepEqual(Object.keys(listing[list][i]).sort(), fields.filter((f) => e[f] !== undefined).sort(), `${list}[${i}] fields`);
      for (const f of fields) assert.deepEqual(listing[list][i][f], e[f], `${list}[${i}].${f}`);
    });
  }
});

// index.html as served, with its listing changed by `edit` (null: no listing at all; a string:
// that text in place of the JSON).
async function openWith(edit) {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.route('**/index.html', async (route) => {
    const body = html.replace(BLOCK, (whole, json) => {
      if (!edit) return '';
      const next = edit(JSON.parse(json));
      return whole.replace(json, typeof next === 'string' ? next : JSON.stringify(next));
    });
    await route.fulfill({ body, contentType: 'text/html; charset=utf-8' });
  });
  await page.goto(ctx.url + 'index.html#s=1&model=Llama3_8B&hw=H100');
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.body.dataset.state === 'ok', null, { timeout: 30000 });
  const inputs = await page.evaluate(() => ({
    models: [...document.querySelectorAll('#model option')].map((o) => `${o.value}=${o.textContent}`),
    hardware: [...document.querySelectorAll('#hardware option')].map((o) => `${o.value}=${o.textContent}`),
    precisions: [...document.querySelectorAll('#precision option')].map((o) => `${o.value}:${o.disabled}`),
    headline: document.querySelector('#results')?.textContent.length > 0,
  }));
  await context.close();
  return inputs;
}

test('the page builds its inputs from the listing, and from the engine without one', { skip: fake && 'fake build: no listing' }, async () => {
  assert.match(html, BLOCK);
  const withListing = await openWith((l) => l);
  const without = await openWith(null);
  assert.deepEqual(withListing, without);
  // A listing that does not parse is passed over for the engine's, with the same inputs.
  assert.deepEqual(await openWith(() => '{"ok": true, "hardware": ['), without);
  assert.ok(withListing.models.includes('Llama3_8B=Llama-3-8B') || withListing.models.some((m) => m.startsWith('Llama3_8B=')));
  // A renamed entry in the listing shows in the select: the page reads it, not the engine.
  const renamed = await openWith((l) => ({ ...l, models: l.models.map((m) => (m.name === 'ResNet50' ? { ...m, display_name: 'From the listing' } : m)) }));
  assert.ok(renamed.models.includes('ResNet50=From the listing'), renamed.models.find((m) => m.startsWith('ResNet50')));
  assert.ok(!withListing.models.includes('ResNet50=From the listing'));
});

test('embed.html carries the same listing, and an embedded panel reads it', { skip: fake && 'fake build: no listing' }, async () => {
  const embed = await readFile(join(webDir, 'embed.html'), 'utf8');
  assert.equal(embed.match(BLOCK)?.[1], html.match(BLOCK)[1]);
  // The quantization panel's baseline is bf16 when the listing's device runs it, else fp16.
  const caption = async (edit) => {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    await page.route('**/embed.html*', (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: embed.replace(BLOCK, (whole, json) => whole.replace(json, JSON.stringify(edit(JSON.parse(json))))),
    }));
    await page.goto(`${ctx.url}embed.html?panel=quantization&mlsysim=${encodeURIComponent('s=1&model=Llama3_8B&hw=H100')}`);
    await page.waitForFunction(() => ['ok', 'error', 'empty'].includes(document.querySelector('.embed-box')?.dataset.state), null, { timeout: 30000 });
    const text = await page.evaluate(() => `${document.querySelector('.embed-box').dataset.state}: ${document.querySelector('.embed-box caption')?.textContent}`);
    await context.close();
    return text;
  };
  assert.match(await caption((l) => l), /^ok: Ratios are to bf16 /);
  const noBf16 = (l) => ({ ...l, hardware: l.hardware.map((d) => (d.name === 'H100' ? { ...d, precisions: d.precisions.filter((p) => p !== 'bf16') } : d)) });
  assert.match(await caption(noBf16), /^ok: Ratios are to fp16 /);
});
