// Hostile share links in the page (a sample of tests/hostile/urls.json, those marked `browser`):
// the page finishes loading, a role=alert message names the field when something was refused, no
// console error, uncaught exception, dialog or outside request, no element made from the payload
// (no img[src=x], no foreign script, no on* attribute), and the page stays usable: a good link
// opened next is answered with no alert left over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, openPage, root, isFakeBuild } from './harness.mjs';
import { urlOf } from '../hostile/url-helpers.mjs';

const corpus = JSON.parse(await readFile(join(root, 'tests', 'hostile', 'urls.json'), 'utf8'));
const sample = corpus.entries.filter((e) => e.browser);

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.close(); });

test('the browser sample covers markup, numbers, schema, pinned and inline payloads', () => {
  assert.ok(sample.length >= 12);
  for (const key of ['s=99', 'bs=', 'cfg=', 'a.', 'onerror']) assert.ok(sample.some((e) => (e.url ?? e.url_deflate?.prefix ?? '').includes(key) || e.name.includes(key)), key);
});

// Anything in the document that a payload could have created.
function injected() {
  const out = [];
  if (document.querySelector('img[src="x"], img[src=x]')) out.push('img[src=x]');
  // The build's own data blocks (the catalog listing, the default scenario's result).
  const data = new Set(document.head.querySelectorAll(':scope > script:is(#catalog-listing, #default-result)[type="application/json"]'));
  for (const s of document.querySelectorAll('script')) {
    if (data.has(s)) continue;
    if (!s.src || new URL(s.src).origin !== location.origin) out.push(`script ${s.src || s.textContent.slice(0, 40)}`);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) out.push(`${el.tagName}[${a.name}]`);
  }
  if (window.__xss) out.push('window.__xss');
  return out;
}

for (const e of sample) {
  test(`hostile URL in the page: ${e.name}`, { timeout: 60000 }, async () => {
    const hash = await urlOf(e);
    const { page, problems, context } = await openPage(ctx, hash.startsWith('#') ? hash : `#${hash}`);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
    const alert = page.locator('#alerts[role="alert"]');
    const alertText = (await alert.isVisible()) ? await alert.textContent() : '';
    if (e.expect.alert) assert.ok(alertText.includes(e.expect.alert), `the alert names ${e.expect.alert}: ${alertText.slice(0, 300)}`);
    for (const p of e.expect.errors ?? []) assert.ok(alertText.includes(`'${p}'`) || alertText.includes(p), `the alert names '${p}'`);
    assert.deepEqual(await page.evaluate(injected), [], 'nothing was created from the payload');
    // Still usable: a good link opened in the same page is answered, with no alert left over.
    if (!(await isFakeBuild())) {
      await page.evaluate(() => { location.hash = '#s=1&model=ResNet50&hw=A100&bs=4'; });
      await page.waitForFunction(() => document.body.dataset.state === 'ok' && document.querySelector('#batch').value === '4', null, { timeout: 20000 });
      assert.equal(await alert.isVisible(), false, 'no alert for the good link');
      assert.deepEqual(await page.evaluate(injected), []);
    }
    assert.deepEqual(dialogs, [], 'no dialog');
    assert.deepEqual(problems, [], 'no console error, uncaught exception or outside request');
    await context.close();
  });
}

test('the embed page with a hostile panel and scenario: a message as text, nothing injected', { timeout: 60000 }, async () => {
  const cases = [
    [`panel=${encodeURIComponent('<img src=x onerror=alert(1)>')}&mlsysim=s%3D1`, 'Unknown panel'],
    [`panel=roofline&mlsysim=${encodeURIComponent('s=1&model=<img src=x onerror=alert(1)>&bs=' + '9'.repeat(400))}`, 'bs'],
    [`panel=memory&mlsysim=${encodeURIComponent('s=1&cfg=z.AAAAAAAA')}`, 'cfg'],
  ];
  const context = await ctx.browser.newContext();
  const problems = [];
  for (const [query, says] of cases) {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
    await page.goto(`${ctx.url}embed.html?${query}`);
    await page.waitForFunction(() => document.body.dataset.state === 'ok' || document.body.dataset.state === 'error', null, { timeout: 30000 });
    const text = await page.locator('#embed').textContent();
    assert.ok(text.includes(says), `${says} in: ${text.slice(0, 200)}`);
    assert.deepEqual(await page.evaluate(injected), []);
    await page.close();
  }
  await context.close();
  assert.deepEqual(problems, []);
});
