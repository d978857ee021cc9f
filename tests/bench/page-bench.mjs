// The page half of the performance budget (issue 5/6), measured in headless Chromium on build/web:
//   - transfer: the files a cold load requests before the first result (the critical path) and in
//     all, the service worker's offline precache included; gzip -9 as a static host serves them;
//   - navigation → first result painted: the end of the frame after the page's 'mlsysim:first-result'
//     mark (a message posted from requestAnimationFrame, as for typing below), median of 5 cold
//     loads, with the median of each step before it (the page's own marks and measures), and when
//     that frame is on screen (the verdict's elementtiming: presented, after raster); the same
//     for a shared link (an address with a scenario: the engine solves it, where the bare address
//     shows the result the build solved), the two again over an emulated 20 Mbit/s, 40 ms link,
//     and repeat visits in one browser profile (cached files, compiled wasm kept), beside it;
//     and the floor: first contentful paint of a one-line page and of the page's first view saved
//     as static HTML (no script at all);
//   - input change → every visible panel repainted: from the input event to the end of the frame
//     after the page's 'mlsysim:rendered' mark (p50/p95), and the long tasks (> 50 ms) while typing.
// It measures and prints; it asserts nothing. Used by tests/bench/bench.mjs (./run bench), or alone:
//   node tests/bench/page-bench.mjs [--loads N] [--site DIR]
import { readFileSync, statSync, mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const siteArg = process.argv.indexOf('--site');
const site = siteArg > 0 ? process.argv[siteArg + 1] : join(root, 'build', 'web'); // another build, to compare
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (x) => (x === undefined ? '–' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
/** "median 263 ms [378, 263, …]": the median of timings in ms, then each of them. */
const spread = (xs) => `median ${median(xs).toFixed(0)} ms [${xs.map((t) => t.toFixed(0)).join(', ')}]`;
const gzipOf = (p) => gzipSync(readFileSync(p), { level: 9 }).length;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

// A shared link for the cold loads of section 1a: the page's default model on another device.
const SHARED_LINK = '#s=1&hw=H100';

// The emulated network of section 1b: a good home or office connection (latency in ms, throughput in bytes/s).
const NETWORK = { latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 };

// Typing scenarios: [label, URL hash, input selector, keys pressed one by one].
const TYPING = [
  ['ResNet-50 inference, batch ↑×24', '', '#batch', Array(24).fill('ArrowUp')],
  ['Llama-3-8B serving panels, prompt length typed', '#s=1&model=Llama3_8B', '#seq', ['Backspace', 'Backspace', 'Backspace', 'Backspace', ...'4096'.split(''), 'Backspace', 'Backspace', ...'00'.split(''), ...Array(6).fill('ArrowUp')]],
  ['Llama-3-70B training with target days, GPUs typed', '#s=1&model=Llama3_70B&hw=H100&bs=1024&prec=bf16&seq=8192&mode=training&tp=8&gpus=1024&pp=4&days=120',
    '#t-gpus', ['Backspace', 'Backspace', 'Backspace', 'Backspace', ...'2048'.split(''), ...Array(6).fill('ArrowUp')]],
];

// In the page, before any script: long tasks, and input → end of the frame after the next render.
function instrument() {
  window.__bench = { long: [], latency: [], pending: [] };
  // When the first result's frame is on screen: the presentation time of the verdict's text (its
  // elementtiming attribute), after the compositor has rastered the frame; later than the end of
  // the main thread's frame (firstPainted) by the raster work of the 2 cores.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'first-result') window.__bench.onScreen ??= e.renderTime || e.startTime;
  }).observe({ type: 'element', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('input', (e) => window.__bench.pending.push(e.timeStamp), true);
  // performance.mark is wrapped (not observed) so the frame is caught synchronously after the render.
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name === 'mlsysim:first-result') {
      requestAnimationFrame(() => { // the same "after the frame" as for typing below
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { window.__bench.firstPainted = performance.now(); };
        ch.port2.postMessage(0);
      });
    }
    if (name === 'mlsysim:rendered' && window.__bench.pending.length) {
      const inputs = window.__bench.pending.splice(0);
      requestAnimationFrame(() => {
        const ch = new MessageChannel(); // runs after the frame's style, layout and paint
        ch.port1.onmessage = () => {
          const end = performance.now();
          for (const t of inputs) window.__bench.latency.push(end - t);
        };
        ch.port2.postMessage(0);
      });
    }
    return entry;
  };
}

/**
 * CPU time (thread time, so a busy machine inflates it far less than wall time) the renderer's
 * main thread spent on each input event: the task that dispatched it plus the next task that
 * painted a frame (where a coalesced solve runs too). From a Chromium trace.
 */
function inputCpu(events) {
  const inputs = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input');
  if (!inputs.length) return [];
  const thread = (e) => `${e.pid}:${e.tid}`;
  const main = thread(inputs[0]);
  const tasks = events.filter((e) => thread(e) === main && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const paints = events.filter((e) => thread(e) === main && e.name === 'Paint').map((e) => e.ts);
  const out = [];
  for (const e of inputs) {
    const i = tasks.findIndex((t) => t.ts <= e.ts && e.ts <= t.ts + t.dur);
    if (i < 0) continue;
    const frame = tasks.slice(i + 1).find((t) => paints.some((p) => p >= t.ts && p <= t.ts + t.dur));
    out.push(((tasks[i].tdur ?? 0) + (frame?.tdur ?? 0)) / 1000);
  }
  return out;
}

/** Sum of gzip sizes of the given request paths (files of build/web), by extension. */
function transfer(paths) {
  let raw = 0, gz = 0;
  const byKind = {};
  for (const path of paths) {
    const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
    let size;
    try { size = statSync(file).size; } catch { continue; }
    const g = gzipOf(file);
    raw += size;
    gz += g;
    byKind[extname(file)] = (byKind[extname(file)] || 0) + g;
  }
  return { n: paths.length, raw, gz, byKind };
}
const kinds = (t) => Object.entries(t.byKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${kb(v)}`).join(', ');

/**
 * What this machine's Chromium needs to paint with no script of ours at all: first contentful paint
 * of a one-line page, and of this page's own first view saved as static HTML (its DOM right after
 * the first result, scripts removed, same style.css), cold loads taken in turn. A build-time
 * prerender of the first result could do no better than the second figure.
 */
async function paintFloor(browser, startServer, url, loads) {
  const dir = mkdtempSync(join(tmpdir(), 'mlsysim-floor-'));
  const floor = await startServer({ root: dir, port: 0, quiet: true });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => { // the DOM as the first result's frame paints it, before later loads add to it
      const mark = performance.mark.bind(performance);
      performance.mark = (name, options) => {
        if (name === 'mlsysim:first-result' && window.__firstView === undefined) {
          const doc = document.documentElement.cloneNode(true);
          for (const n of doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]')) n.remove();
          window.__firstView = `<!doctype html>\n${doc.outerHTML}`;
        }
        return mark(name, options);
      };
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstView !== undefined, null, { timeout: 20000 });
    const firstView = await page.evaluate(() => window.__firstView);
    await context.close();
    writeFileSync(join(dir, 'index.html'), firstView);
    copyFileSync(join(site, 'style.css'), join(dir, 'style.css'));
    writeFileSync(join(dir, 'one-line.html'), '<!doctype html><meta charset="utf-8"><title>one line</title><p>MLSys·im</p>\n');
    const fcp = { 'one-line.html': [], 'index.html': [] };
    for (let i = 0; i < loads; ++i) {
      for (const file of Object.keys(fcp)) {
        const ctx = await browser.newContext();
        const p = await ctx.newPage();
        await p.goto(floor.url + file);
        await p.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 20000 });
        fcp[file].push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
        await ctx.close();
      }
    }
    console.log(`first contentful paint with no script, the floor on this machine (median of ${loads}): a one-line page ` +
      `${median(fcp['one-line.html']).toFixed(0)} ms; this page's first view as static HTML ${median(fcp['index.html']).toFixed(0)} ms ` +
      `(${(firstView.length / 1024).toFixed(1)} KiB)`);
  } finally {
    floor.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPage({ loads = 5 } = {}) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import(join(root, 'tools', 'serve.mjs'));
  const { server, url } = await startServer({ root: site, port: 0, quiet: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // 1. Cold loads: a fresh context each (empty HTTP cache, no service worker). Each load of the bare
    //    address is followed by one of a shared link (1a), so both meet the same machine. A first,
    //    untimed load starts the browser's own processes (a reader's browser has them running) and
    //    counts the bytes: listening to requests slows a load, so the timed loads do not.
    const pageFigures = () => ({
      first: window.__bench.firstPainted,
      shown: window.__bench.onScreen,
      fetched: performance.getEntriesByType('resource').filter((r) => r.startTime <= performance.getEntriesByName('mlsysim:first-result')[0].startTime)
        .map((r) => new URL(r.name).pathname),
      html: performance.getEntriesByType('navigation')[0].responseEnd,
      dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
      measures: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('mlsysim:')).map((m) => [m.name, m.startTime, m.duration]),
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('mlsysim:')).map((m) => [m.name, m.startTime]),
    });
    const coldLoad = async (address, { network = null, requests = null } = {}) => {
      const context = await browser.newContext();
      if (requests) {
        const t0 = Date.now();
        context.on('request', (r) => requests.push([new URL(r.url()).pathname, Date.now() - t0]));
      }
      const page = await context.newPage();
      if (network) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
      }
      await page.addInitScript(instrument);
      await page.goto(address);
      await page.waitForFunction(() => window.__bench.firstPainted !== undefined && window.__bench.onScreen !== undefined, null, { timeout: 30000 });
      const d = await page.evaluate(pageFigures);
      if (requests) {
        // Let the page settle (idle-time loads, the service worker's precache), then count everything.
        await page.waitForTimeout(3000);
        await page.evaluate(() => navigator.serviceWorker?.ready).catch(() => {});
        await page.waitForTimeout(500);
      }
      await context.close();
      return d;
    };
    const requests = []; // [path, time relative to navigation start]
    const counted = await coldLoad(url, { requests });
    const critical = transfer([...new Set(['/', ...counted.fetched])]);
    const all = transfer([...new Set(requests.map(([p]) => p))]);
    const firsts = [];
    const linked = [];
    const shown = { bare: [], linked: [] }; // the same loads: when the first result's frame is on screen
    const steps = new Map(); // measure name → durations
    for (let i = 0; i < loads; ++i) {
      const d = await coldLoad(url);
      firsts.push(d.first);
      shown.bare.push(d.shown);
      const add = (k, v) => { if (!steps.has(k)) steps.set(k, []); steps.get(k).push(v); };
      add('html received (navigation → responseEnd)', d.html);
      add('DOMContentLoaded (page modules fetched and run)', d.dcl);
      for (const [name, at] of d.marks) add(`mark ${name} at`, at);
      add('first result painted (the task after its frame)', d.first);
      const seen = new Set();
      for (const [name, , dur] of d.measures) if (!seen.has(name)) { seen.add(name); add(`  ${name}`, dur); } // the first of each
      const l = await coldLoad(url + 'index.html' + SHARED_LINK);
      linked.push(l.first);
      shown.linked.push(l.shown);
    }
    console.log(`page transfer before the first result (${critical.n} files): ${kb(critical.raw)} raw, ${kb(critical.gz)} gzip ` +
      `(target ≤ 150 KB gzip) — ${kinds(critical)}`);
    console.log(`page transfer in all, offline precache included (${all.n} files): ${kb(all.raw)} raw, ${kb(all.gz)} gzip — ${kinds(all)}`);
    console.log(`navigation → first result painted, ${loads} cold loads: ${spread(firsts)} (target ≤ 200 ms); ` +
      `on screen (the frame presented, after raster) ${spread(shown.bare)}`);
    console.log('  cold-load steps (median of the loads):');
    for (const [k, v] of steps) console.log(`    ${k.padEnd(52)} ${ms(median(v))}`);

    // 1a. A shared link: an address with a scenario is solved by the engine (the bare address above
    //     shows the result the build solved, web/src/default-result.js).
    console.log(`navigation → first result painted, a shared link (${SHARED_LINK}, solved by the engine), ${loads} cold loads: ` +
      `${spread(linked)}; on screen ${spread(shown.linked)}`);

    // 1b. Both again over an emulated network (Chromium's throttling: bandwidth and round-trip time
    //     of NETWORK), where the wasm module's download is no longer next to free.
    const slow = { bare: [], linked: [], bareShown: [], linkedShown: [] };
    for (let i = 0; i < loads; ++i) {
      const b = await coldLoad(url, { network: NETWORK });
      const l = await coldLoad(url + 'index.html' + SHARED_LINK, { network: NETWORK });
      slow.bare.push(b.first);
      slow.bareShown.push(b.shown);
      slow.linked.push(l.first);
      slow.linkedShown.push(l.shown);
    }
    console.log(`navigation → first result painted over a ${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s, ${NETWORK.latency} ms link: ` +
      `bare address ${spread(slow.bare)}, shared link ${spread(slow.linked)}; ` +
      `on screen: bare ${spread(slow.bareShown)}, shared link ${spread(slow.linkedShown)}`);

    // 1c. Repeat visits: a reader who comes back, in the same browser profile. Files revalidate
    //     (304, tools/serve.mjs sends validators), the service worker is installed, and the browser
    //     keeps the wasm module's compiled code. Not what the target is about (cold loads), shown beside it.
    const again = [];
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(instrument);
      for (let i = 0; i <= loads; ++i) {
        await page.goto(url);
        await page.waitForFunction(() => window.__bench.firstPainted !== undefined, null, { timeout: 20000 });
        if (i > 0) again.push(await page.evaluate(() => window.__bench.firstPainted));
        await page.waitForTimeout(i === 0 ? 3000 : 500); // the first visit settles (precache, idle loads)
      }
      await context.close();
    }
    console.log(`navigation → first result painted, repeat visit (same profile), ${again.length} loads: ${spread(again)}`);
    await paintFloor(browser, startServer, url, loads);

    // 2. Typing: every key is one input event; each is timed to the end of the frame after the
    //    render it caused (several keys may share one render when they come faster than frames).
    for (const [label, hash, selector, keys] of TYPING) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(instrument);
      await page.goto(url + 'index.html' + hash);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
      await page.waitForTimeout(1500); // first-load work done (idle loads, worker start)
      const input = page.locator(selector);
      await input.scrollIntoViewIfNeeded();
      await input.focus();
      await page.keyboard.press('End');
      await page.evaluate(() => { window.__bench.latency = []; window.__bench.pending = []; window.__bench.typing = performance.now(); });
      await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
      for (const k of keys) await page.keyboard.press(k, { delay: 10 }).then(() => page.waitForTimeout(40));
      await page.waitForTimeout(1200);
      const cpu = inputCpu(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
      const r = await page.evaluate(() => ({
        latency: window.__bench.latency,
        long: window.__bench.long.filter((t) => t.start >= window.__bench.typing).map((t) => t.duration),
      }));
      const lat = r.latency;
      console.log(`input → visible panels repainted, ${label}: ${lat.length ? `p50 ${ms(quantile(lat, 0.5))}, p95 ${ms(quantile(lat, 0.95))}, max ${ms(Math.max(...lat))} over ${lat.length} inputs` : 'no render seen'}` +
        ` (target p50 ≤ 16 ms); main-thread CPU for it p50 ${ms(quantile(cpu, 0.5))}, p95 ${ms(quantile(cpu, 0.95))}` +
        `; long tasks while typing: ${r.long.length}${r.long.length ? ` (longest ${ms(Math.max(...r.long))})` : ''}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--loads');
  await benchPage({ loads: i > 0 ? Number(process.argv[i + 1]) : 5 });
}
