// web/src/morph.js updates panels in place: after morphChildren(live, fresh) the live tree must be
// exactly what was built (markup and text), whatever it held before; nodes marked morphReplace are
// swapped, never patched; unchanged nodes keep their identity (that is the point: no restyle).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, settled } from './harness.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.close(); });

test('morphChildren turns any tree into the fresh one, keeps unchanged nodes, swaps morphReplace ones', async () => {
  const { page, context } = await openPage(ctx, '');
  const out = await page.evaluate(async () => {
    const { morphChildren } = await import('./src/morph.js');
    let seed = 7;
    const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const TAGS = ['div', 'span', 'p', 'dl', 'dt', 'dd', 'ul', 'li'];
    // A random tree: tags, attributes (some shared, some not), text, nesting.
    function tree(depth) {
      const frag = document.createDocumentFragment();
      const n = rnd(5);
      for (let i = 0; i < n; i++) {
        if (rnd(4) === 0) { frag.append(document.createTextNode(`t${rnd(3)}`)); continue; }
        const e = document.createElement(TAGS[rnd(TAGS.length)]);
        if (rnd(2)) e.setAttribute('class', `c${rnd(3)}`);
        if (rnd(3) === 0) e.setAttribute('data-value', String(rnd(4)));
        if (rnd(4) === 0) e.hidden = true;
        if (depth < 3) e.append(tree(depth + 1));
        frag.append(e);
      }
      return frag;
    }
    const failures = [];
    for (let k = 0; k < 300; k++) {
      const live = document.createElement('div');
      live.append(tree(0));
      const fresh = tree(0);
      const want = (() => { const d = document.createElement('div'); d.append(fresh.cloneNode(true)); return d.innerHTML; })();
      morphChildren(live, fresh);
      if (live.innerHTML !== want) failures.push({ got: live.innerHTML, want });
    }
    // Identity: the same content twice keeps every node; a morphReplace node is swapped.
    const build = (text) => {
      const f = document.createDocumentFragment();
      const p = document.createElement('p');
      p.className = 'metric';
      p.append(document.createTextNode(text));
      const d = document.createElement('details');
      d.morphReplace = true;
      f.append(p, d);
      return f;
    };
    const live = document.createElement('div');
    live.append(build('1 ms'));
    const [p0, d0] = live.children;
    const t0 = p0.firstChild;
    morphChildren(live, build('2 ms'));
    return {
      failures: failures.slice(0, 3),
      keptP: live.children[0] === p0,
      keptText: live.children[0].firstChild === t0,
      text: live.children[0].textContent,
      swappedDetails: live.children[1] !== d0,
    };
  });
  assert.deepEqual(out.failures, []);
  assert.ok(out.keptP, 'an element of the same tag is kept');
  assert.ok(out.keptText, 'its text node is kept and rewritten');
  assert.equal(out.text, '2 ms');
  assert.ok(out.swappedDetails, 'a morphReplace node is replaced by the new one');
  await context.close();
});

test('a panel updated in place keeps its nodes, and their tooltips show the new values', async () => {
  const { page, problems, context } = await openPage(ctx, '#s=1&model=Llama3_8B');
  const seg = page.locator('mlsysim-memory .mem-seg.seg-kv_cache');
  const tip = page.locator('mlsysim-memory .tooltip');
  const tipText = async () => {
    await seg.focus();
    await tip.waitFor({ state: 'visible' });
    const text = await tip.textContent();
    await page.locator('#batch').focus();
    return text;
  };
  await page.evaluate(() => { window.__seg = document.querySelector('mlsysim-memory .mem-seg.seg-kv_cache'); });
  const before = await tipText();
  await page.locator('#batch-up').click();
  await settled(page);
  const after = await tipText();
  assert.ok(await page.evaluate(() => window.__seg === document.querySelector('mlsysim-memory .mem-seg.seg-kv_cache')), 'the same node');
  assert.notEqual(after, before, 'batch 2 holds twice the KV cache');
  const title = await seg.locator('title').textContent();
  assert.equal(after, title.replace(/\n/g, ''), 'the tooltip shows the node\'s current lines');
  assert.deepEqual(problems, [], 'no console errors, page errors or external requests');
  await context.close();
});
