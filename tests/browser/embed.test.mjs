// Embeds: embed.html inside an iframe and <mlsysim-embed> from one script tag, each on a host page
// whose CSS is hostile (huge fonts, everything inline, every svg hidden). Both still show the
// engine's numbers and a visible chart, fit their container, and link to the full simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, screenshot, nodeEngine } from './harness.mjs';
import { withDefaults } from '../../web/src/url-state.js';
import { formatTime } from '../../web/src/format.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const HASH = 's=1&model=Llama3_70B&hw=H100&bs=32&prec=bf16';
const SCENARIO = { ...withDefaults(), model: 'Llama3_70B', hardware: 'H100', batch_size: 32, precision: 'bf16' };
const HOSTILE = `* { font-size: 40px !important; display: inline !important; line-height: 3 !important; color: red !important;
  box-sizing: content-box !important; padding: 7px !important; }
svg { display: none !important; } table, dl, div { display: inline !important; } a { visibility: hidden !important; }
mlsysim-embed { display: inline !important; font-family: "Comic Sans MS", cursive !important; }`;

/** A page at `path` on the test server whose body is `body`, with hostile CSS. (Its own icon: once the
 *  embed's service worker controls it, Chromium reports a missing /favicon.ico as a console error.) */
async function hostPage(path, body, width = 1000) {
  const context = await ctx.browser.newContext({ viewport: { width, height: 1200 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(ctx.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) problems.push(`external: ${r.url()}`); });
  await page.route(`${ctx.url}${path}`, (route) => route.fulfill({ contentType: 'text/html',
    body: `<!doctype html><html><head><meta charset="utf-8"><title>A textbook</title><link rel="icon" href="data:,"><style>${HOSTILE}</style></head><body><h1>Chapter 3</h1><p>Some text.</p>${body}<p>More text.</p></body></html>` }));
  await page.goto(`${ctx.url}${path}`);
  return { page, context, problems };
}

test('embed.html in an iframe on a hostile page shows the right numbers, fits, links to the simulator', async () => {
  const r = sim.solve(SCENARIO);
  const src = `embed.html?panel=roofline&mlsysim=${encodeURIComponent(HASH)}`;
  const { page, context, problems } = await hostPage('host-iframe.html', `<iframe src="${src}" width="380" height="1100" title="Roofline"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.locator('.embed-box[data-state="ok"]').waitFor();
  assert.equal(await frame.locator('[data-metric="bottleneck"] .value').getAttribute('data-value'), r.performance.bottleneck);
  assert.equal(Number(await frame.locator('[data-metric="latency"] .value').getAttribute('data-value')), r.performance.latency_s);
  assert.equal(await frame.locator('[data-metric="latency"] .value').textContent(), formatTime(r.performance.latency_s));
  const svg = frame.locator('mlsysim-roofline-chart svg.chart');
  assert.equal(await svg.isVisible(), true, 'the chart is visible');
  assert.match(await svg.locator('> title').textContent(), /Roofline of Llama/);
  const f = page.frames().find((x) => x.url().includes('embed.html'));
  const fit = await f.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
    svgW: document.querySelector('mlsysim-roofline-chart svg').getBoundingClientRect().width }));
  assert.ok(fit.sw <= fit.cw, `no horizontal overflow in a 380 px frame (${fit.sw} > ${fit.cw})`);
  assert.ok(fit.svgW <= fit.cw && fit.svgW > 250, `chart fits the frame width (${fit.svgW})`);
  const link = frame.locator('.embed-foot a');
  assert.equal(await link.textContent(), 'Open in the full simulator ↗');
  assert.equal(await link.getAttribute('href'), `${ctx.url}index.html#${HASH}`);
  await screenshot(page, 'embed-iframe-hostile');
  // The other panels, straight.
  for (const [panel, sel] of [['serving', 'mlsysim-serving [data-metric="ttft"] .value'], ['memory', 'mlsysim-memory .memory-summary .value']]) {
    const p2 = await context.newPage();
    await p2.goto(`${ctx.url}embed.html?panel=${panel}&mlsysim=${encodeURIComponent(HASH)}`);
    await p2.locator('.embed-box[data-state="ok"]').waitFor();
    const v = Number(await p2.locator(sel).getAttribute('data-value'));
    assert.equal(v, panel === 'serving' ? r.serving.ttft_s : r.memory.required_bytes, panel);
    await p2.close();
  }
  const bad = await context.newPage();
  await bad.goto(`${ctx.url}embed.html?panel=roofline&mlsysim=${encodeURIComponent('s=1&model=NoSuchModel')}`);
  await bad.locator('.embed-box[data-state="error"]').waitFor();
  assert.match(await bad.locator('.embed-status').textContent(), /cannot be evaluated: model:/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('<mlsysim-embed> from one script tag, styles isolated in a shadow root, on a hostile page', async () => {
  const r = sim.solve(SCENARIO);
  const { page, context, problems } = await hostPage('host-element.html',
    `<script type="module" src="embed.js"></script><section class="figure"><mlsysim-embed scenario="${HASH}" panel="roofline"></mlsysim-embed></section>` +
    `<mlsysim-embed scenario="${HASH}" panel="memory" id="mem"></mlsysim-embed>`, 420);
  await page.waitForFunction(() => [...document.querySelectorAll('mlsysim-embed')].every((e) => e.dataset.state === 'ok'), null, { timeout: 30000 });
  const el = page.locator('mlsysim-embed[panel="roofline"]');
  assert.equal(await el.locator('[data-metric="bottleneck"] .value').getAttribute('data-value'), r.performance.bottleneck);
  assert.equal(await el.locator('[data-metric="latency"] .value').textContent(), formatTime(r.performance.latency_s));
  const style = await page.evaluate(() => {
    const host = document.querySelector('mlsysim-embed');
    const v = host.shadowRoot.querySelector('[data-metric="latency"] .value');
    const svg = host.shadowRoot.querySelector('mlsysim-roofline-chart svg');
    const root = host.shadowRoot.querySelector('.embed-root');
    return { hostDisplay: getComputedStyle(host).display, fontSize: getComputedStyle(v).fontSize, color: getComputedStyle(root).color,
      svgDisplay: getComputedStyle(svg).display, svgW: svg.getBoundingClientRect().width, hostW: host.getBoundingClientRect().width,
      viewport: document.documentElement.clientWidth, linkVisible: getComputedStyle(host.shadowRoot.querySelector('.embed-foot a')).visibility };
  });
  assert.equal(style.hostDisplay, 'block', 'the host element stays a block');
  assert.notEqual(style.fontSize, '40px', 'the host page\'s font size does not reach in');
  assert.notEqual(style.color, 'rgb(255, 0, 0)', 'nor its colour');
  assert.equal(style.svgDisplay, 'block', 'svg { display: none } does not reach in');
  assert.equal(style.linkVisible, 'visible');
  assert.ok(style.svgW > 250 && style.svgW <= style.hostW + 1, `the chart fits the element (${style.svgW} ≤ ${style.hostW})`);
  assert.ok(style.hostW <= style.viewport, 'the element fits the page width');
  assert.equal(Number(await page.locator('#mem .memory-summary .value').getAttribute('data-value')), r.memory.required_bytes);
  assert.equal(await el.locator('.embed-foot a').getAttribute('href'), `${ctx.url}index.html#${HASH}`);
  // Changing the attribute re-renders.
  await page.evaluate(() => document.querySelector('mlsysim-embed').setAttribute('scenario', 's=1&bs=256'));
  await page.waitForFunction(() => document.querySelector('mlsysim-embed').shadowRoot.querySelector('[data-metric="bottleneck"] .value')?.dataset.value === 'compute');
  await screenshot(page, 'embed-element-hostile');
  assert.deepEqual(problems, []);
  await context.close();
});
