// Every panel of the simulator as an embed (embed.html?panel=NAME in an iframe, and
// <mlsysim-embed panel="NAME"> from one script tag), on a host page whose CSS is hostile
// (all: unset on everything, 40 px inline text, every svg hidden). Each panel's headline number is
// the engine's for the same link, the embed fits its container, its link opens the full simulator
// with the scenario, and an unknown name lists the valid ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, screenshot, nodeEngine, root } from './harness.mjs';
import { parseState } from '../../web/src/url-state.js';
import { modelKind, toEngineScenario } from '../../web/src/scenario.js';
import { addFleet } from '../../web/src/fleet-url.js';

let ctx;
let sim;
before(async () => {
  ctx = await setup();
  sim = await nodeEngine();
});
after(async () => { await ctx?.close(); });

const LLM = 's=1&model=Llama3_70B&hw=H100&bs=32&prec=bf16';
const W3 = 's=1&model=Llama3_70B&hw=H100&bs=1024&prec=bf16&seq=8192&mode=training&tp=8&gpus=1024&pp=4&zero=1&rc=selective&tokens=15000000000000';
const QUEUE = 's=1&model=Llama3_8B&hw=H100&bs=32&prec=bf16&mode=serving&rate=2&slo=5';
const PAIR = `${LLM}&a.s=1&a.model=Llama3_70B&a.hw=A100&a.bs=32&a.prec=bf16`;
const PAIR_A = 's=1&model=Llama3_70B&hw=A100&bs=32&prec=bf16'; // the pinned scenario A of PAIR

/** The engine scenario of a link, as the page and the embeds build it. */
function sent(hash) {
  const { scenario } = parseState(hash);
  return addFleet(toEngineScenario(scenario, { kind: modelKind(scenario, sim.catalog()) }), scenario);
}
const solve = (hash) => sim.solve(sent(hash));

// panel → [link, CSS selector of the headline value (its data-value is the raw number), the engine's number].
const CASES = {
  roofline: [LLM, '[data-metric="latency"] .value', () => solve(LLM).performance.latency_s],
  serving: [LLM, 'mlsysim-serving [data-metric="ttft"] .value', () => solve(LLM).serving.ttft_s],
  memory: [LLM, 'mlsysim-memory .memory-summary .value', () => solve(LLM).memory.required_bytes],
  operators: [LLM, 'mlsysim-operators table[data-group="prefill"] tbody tr:first-child td.num', () => solve(LLM).performance.phases.prefill.operators[0].time_s],
  quantization: [LLM, 'mlsysim-quant tr[data-precision="fp8"] td[data-key="ttft_s"]', () => sim.solve({ ...sent(LLM), precision: 'fp8' }).serving.ttft_s],
  batch: [LLM, '[data-metric="latency"] .value', () => solve(LLM).performance.latency_s],
  prompt: [LLM, '[data-metric="ttft"] .value', () => solve(LLM).serving.ttft_s],
  training: [W3, 'mlsysim-training [data-metric="step-time"] .value', () => solve(W3).training.step_time_s],
  scaling: [W3, '[data-metric="rate-gpu"] .value', () => solve(W3).training.tokens_per_s_per_gpu],
  reliability: [W3, 'mlsysim-reliability [data-metric="goodput"] .value', () => solve(W3).reliability.goodput],
  search: [W3, 'mlsysim-search tbody tr:first-child td[data-key="step_time_s"]', () => {
    const s = sent(W3);
    return sim.solve({ ...s, training: { ...s.training, search: true } }).training.search[0].step_time_s;
  }],
  collectives: [LLM, '[data-metric="coll-time"] .value', () => sim.collective({ op: 'all_reduce', bytes: '1 GB', gpus: 256, hardware: 'H100', algorithm: 'auto', fabric: 'InfiniBand_NDR' }).collective.time_s],
  energy: [LLM, 'mlsysim-energy [data-metric="energy"] .value', () => solve(LLM).energy.energy_kwh],
  cost: [LLM, 'mlsysim-cost [data-metric="tco"] .value', () => solve(LLM).cost.tco_usd],
  queueing: [QUEUE, 'mlsysim-queueing [data-metric="p99"] .value', () => solve(QUEUE).queueing.p99_s],
  compare: [PAIR, 'mlsysim-compare tr[data-metric="latency"] td.side-a', () => solve(PAIR_A).performance.latency_s],
};

const HOSTILE = `* { all: unset; font-size: 40px !important; display: inline !important; line-height: 3 !important; color: red !important; }
svg { display: none !important; } table, dl, div, figure { display: inline !important; } a { visibility: hidden !important; }
mlsysim-embed { display: inline !important; font-family: "Comic Sans MS", cursive !important; }`;

async function hostPage(path, body, { width = 1000, colorScheme = 'light' } = {}) {
  const context = await ctx.browser.newContext({ viewport: { width, height: 1200 }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Its own icon (in the head below): once the embed's service worker controls the host page, Chromium
  // reports a missing /favicon.ico as a console error. Any other missing file is named here.
  context.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(ctx.url) && !/^(data|blob):/.test(r.url())) problems.push(`external: ${r.url()}`); });
  await page.route(`${ctx.url}${path}`, (route) => route.fulfill({ contentType: 'text/html',
    body: `<!doctype html><html><head><meta charset="utf-8"><title>A textbook</title><link rel="icon" href="data:,"><style>${HOSTILE}</style></head><body><h1>Chapter 5</h1><p>Text.</p>${body}<p>More text.</p></body></html>` }));
  await page.goto(`${ctx.url}${path}`);
  return { page, context, problems };
}

test('the embed contract names every panel (README snippet, embed.html comment)', async () => {
  const { PANELS } = await import('../../web/src/embed-panels.js');
  assert.deepEqual(Object.keys(CASES).sort(), [...PANELS].sort(), 'this test covers every panel');
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding'), readme.indexOf('\n## ', readme.indexOf('## Embedding') + 5));
  for (const p of PANELS) assert.ok(section.includes(`\`${p}\``), `README's embed section lists ${p}`);
  const html = await readFile(join(root, 'web', 'embed.html'), 'utf8');
  for (const p of PANELS) assert.ok(html.includes(p), `embed.html's comment lists ${p}`);
});

test('every panel in an iframe on a hostile page: the engine\'s headline number, fits 360 px, links to the simulator', async () => {
  const names = Object.keys(CASES);
  const frames = names.map((n) => `<iframe src="embed.html?panel=${n}&mlsysim=${encodeURIComponent(CASES[n][0])}" width="360" height="700" title="${n}" name="${n}"></iframe>`).join('');
  const { page, context, problems } = await hostPage('host-all.html', frames);
  for (const n of names) {
    const [hash, sel, expected] = CASES[n];
    const frame = page.frame({ name: n });
    await frame.waitForSelector('.embed-box[data-state]', { timeout: 60000 });
    assert.equal(await frame.evaluate(() => document.querySelector('.embed-box').dataset.state), 'ok', `${n}: ${await frame.locator('.embed-status').allTextContents()}`);
    const got = Number(await frame.locator(sel).first().getAttribute('data-value'));
    assert.equal(got, expected(), `${n}: headline number equals the engine's`);
    const fit = await frame.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
      svgs: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().right) }));
    assert.ok(fit.sw <= fit.cw, `${n}: no sideways scroll in the frame (${fit.sw} > ${fit.cw})`);
    for (const right of fit.svgs) assert.ok(right <= fit.cw + 1, `${n}: its chart fits (${right} > ${fit.cw})`);
    assert.equal(await frame.locator('.embed-foot a').getAttribute('href'), `${ctx.url}index.html#${hash}`, `${n}: the link carries the scenario`);
  }
  // The iframe itself is the host's to size: under `all: unset` it is 300 px wide, and still fine.
  await screenshot(page, 'embed-all-iframes-hostile');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every panel as <mlsysim-embed> from one script tag: isolated from the host\'s CSS, the engine\'s numbers', async () => {
  const names = Object.keys(CASES);
  const els = names.map((n) => `<mlsysim-embed panel="${n}" scenario="${CASES[n][0].replace(/&/g, '&amp;')}"></mlsysim-embed>`).join('');
  const { page, context, problems } = await hostPage('host-elements.html', `<script type="module" src="embed.js"></script>${els}`, { width: 390 });
  await page.waitForFunction((n) => document.querySelectorAll('mlsysim-embed[data-state]').length === n, names.length, { timeout: 90000 });
  for (const n of names) {
    const [hash, sel, expected] = CASES[n];
    const el = page.locator(`mlsysim-embed[panel="${n}"]`);
    assert.equal(await el.getAttribute('data-state'), 'ok', n);
    assert.equal(Number(await el.locator(sel).first().getAttribute('data-value')), expected(), `${n}: headline number`);
    const look = await el.evaluate((host) => {
      const root = host.shadowRoot.querySelector('.embed-root');
      const svg = host.shadowRoot.querySelector('svg.chart');
      const value = host.shadowRoot.querySelector('.metric .value, .memory-summary .value');
      return { display: getComputedStyle(host).display, font: getComputedStyle(root).fontSize, color: getComputedStyle(root).color,
        remFont: value ? getComputedStyle(value).fontSize : null,
        svg: svg ? getComputedStyle(svg).display : 'none', hostW: host.getBoundingClientRect().width, viewport: document.documentElement.clientWidth,
        overflow: root.scrollWidth - root.clientWidth, svgRight: svg ? svg.getBoundingClientRect().right - host.getBoundingClientRect().right : 0 };
    });
    assert.equal(look.display, 'block', `${n}: the element stays a block`);
    assert.equal(look.font, '16px', `${n}: the host's 40 px does not reach in`);
    assert.notEqual(look.color, 'rgb(255, 0, 0)', `${n}: nor its colour`);
    // rem inside a shadow root means the host's <html> font size (40 px here): the embed's own 16 px is used instead.
    if (look.remFont) assert.ok(['21.6px', '18.4px'].includes(look.remFont), `${n}: a 1.35rem/1.15rem value is sized against 16 px (${look.remFont})`);
    if (!['memory', 'operators', 'quantization', 'search', 'collectives', 'compare', 'serving', 'training', 'queueing'].includes(n)) assert.equal(look.svg, 'block', `${n}: its chart is shown`);
    assert.ok(look.hostW <= look.viewport, `${n}: fits the page width (${look.hostW} > ${look.viewport})`);
    assert.ok(look.overflow <= 1, `${n}: nothing sticks out sideways (${look.overflow} px)`);
    assert.ok(look.svgRight <= 1, `${n}: the chart fits the element`);
    assert.equal(await el.locator('.embed-foot a').getAttribute('href'), `${ctx.url}index.html#${hash}`);
  }
  await screenshot(page, 'embed-all-elements-hostile-390');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown panel name lists the valid ones; a panel the scenario has nothing for says why', async () => {
  const { PANELS } = await import('../../web/src/embed-panels.js');
  const { page, context, problems } = await hostPage('host-bad.html',
    `<iframe name="bad" src="embed.html?panel=rooflin&mlsysim=${encodeURIComponent(LLM)}" width="500" height="300"></iframe>` +
    `<script type="module" src="embed.js"></script><mlsysim-embed id="el" panel="nope" scenario="s=1"></mlsysim-embed>` +
    `<mlsysim-embed id="cnn" panel="serving" scenario="s=1"></mlsysim-embed><mlsysim-embed id="inf" panel="training" scenario="s=1"></mlsysim-embed>` +
    `<mlsysim-embed id="alias" panel="TCO" scenario="${LLM.replace(/&/g, '&amp;')}"></mlsysim-embed>`);
  const frame = page.frame({ name: 'bad' });
  await frame.waitForSelector('.embed-box[data-state="error"]');
  const text = await frame.locator('.embed-status').textContent();
  assert.equal(text, `Unknown panel 'rooflin': use one of ${PANELS.join(', ')}.`);
  await page.waitForFunction(() => [...document.querySelectorAll('mlsysim-embed')].every((e) => e.dataset.state));
  assert.equal(await page.locator('#el').getAttribute('data-state'), 'error');
  assert.match(await page.locator('#el .embed-status').textContent(), /^Unknown panel 'nope': use one of roofline, serving, memory, /);
  assert.equal(await page.locator('#cnn').getAttribute('data-state'), 'empty');
  assert.match(await page.locator('#cnn .embed-status').textContent(), /^ResNet-50.* is not a language model: no serving numbers\.$/);
  assert.match(await page.locator('#inf .embed-status').textContent(), /not in training mode here: add mode=training/);
  assert.equal(await page.locator('#alias').getAttribute('data-state'), 'ok', 'an alias reaches its panel');
  assert.equal(Number(await page.locator('#alias [data-metric="tco"] .value').getAttribute('data-value')), solve(LLM).cost.tco_usd);
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed.html at desktop, 390 px and dark: screenshots of the new panels', async () => {
  for (const [name, opts] of [['desktop', { width: 1000 }], ['390', { width: 390 }], ['dark-390', { width: 390, colorScheme: 'dark' }]]) {
    const context = await ctx.browser.newContext({ viewport: { width: opts.width, height: 900 }, colorScheme: opts.colorScheme ?? 'light' });
    const page = await context.newPage();
    for (const panel of ['training', 'energy', 'compare', 'search']) {
      await page.goto(`${ctx.url}embed.html?panel=${panel}&mlsysim=${encodeURIComponent(CASES[panel][0])}`);
      await page.locator('.embed-box[data-state="ok"]').waitFor({ timeout: 60000 });
      const fit = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(fit <= 0, `${panel} at ${name}: no sideways scroll (${fit} px)`);
      await screenshot(page, `embed-${panel}-${name}`);
    }
    await context.close();
  }
});
