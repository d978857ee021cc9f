#!/usr/bin/env node
// Assemble the static site in build/web/: the page (web/ minus web/dev/) plus the wasm module
// (build/wasm/mlsysim_wasm.{js,wasm}). The result is a plain folder any static host can serve.
//
//   node tools/build-web.mjs          use the real module built by CMake under emcmake
//   node tools/build-web.mjs --fake   use web/dev/fake_wasm.js instead (front-end development only)
//
// No dependencies beyond Node itself.
import { cp, mkdir, rm, stat, copyFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pageCatalog, dataBlockJson } from './page-catalog.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const webSrc = join(root, 'web');
const wasmDir = join(root, 'build', 'wasm');
const out = join(root, 'build', 'web');
const fake = process.argv.includes('--fake');

async function exists(p) {
  try { await stat(p); return true; } catch { return false; }
}

function fail(message) {
  console.error(`build-web: ${message}`);
  process.exit(1);
}

const moduleJs = join(wasmDir, 'mlsysim_wasm.js');
const moduleWasm = join(wasmDir, 'mlsysim_wasm.wasm');
if (!fake) {
  for (const f of [moduleJs, moduleWasm]) {
    if (!(await exists(f))) {
      fail(`missing ${relative(root, f)}.\n` +
        '  Build the wasm module first (see the README), e.g.:\n' +
        '    NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release\n' +
        '    NODE_PATH=/usr/share/nodejs cmake --build build/wasm\n' +
        '  (or `./run serve`, which does both). For front-end work without it: node tools/build-web.mjs --fake');
    }
  }
}
if (!(await exists(join(webSrc, 'index.html')))) fail(`missing ${relative(root, join(webSrc, 'index.html'))}`);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const devDir = join(webSrc, 'dev');
await cp(webSrc, out, {
  recursive: true,
  filter: (src) => src !== devDir && !src.startsWith(devDir + sep),
});

if (fake) {
  await copyFile(join(devDir, 'fake_wasm.js'), join(out, 'mlsysim_wasm.js'));
  // A marker so nobody mistakes a fake build for the real one.
  await writeFile(join(out, 'FAKE_ENGINE'), 'build/web was assembled with --fake: numbers come from web/dev/fake_wasm.js\n');
  console.log('build-web: build/web assembled with the FAKE engine (web/dev/fake_wasm.js)');
} else {
  await copyFile(moduleJs, join(out, 'mlsysim_wasm.js'));
  await copyFile(moduleWasm, join(out, 'mlsysim_wasm.wasm'));
  console.log('build-web: build/web assembled with build/wasm/mlsysim_wasm.{js,wasm}');
}

// Minify the page's own modules (one file in, one file out: imports unchanged). These stay in
// build/web/src/ as the unbundled library: embed.js, the npm package and anyone importing
// src/engine.js use them. esbuild is a dev dependency; without node_modules the site is still
// built, unminified and unbundled, and says so.
const { readdir, readFile } = await import('node:fs/promises');
let esbuild = null;
try { esbuild = await import('esbuild'); } catch { console.warn('build-web: esbuild not installed (npm ci): modules left unminified and unbundled'); }
const minify = esbuild && !process.argv.includes('--no-minify');
if (minify) {
  const files = [];
  for (const dir of ['', 'src', 'src/sections']) {
    // sw.js is left as written: its file list and version are filled in below by text replacement.
    for (const f of await readdir(join(out, dir)).catch(() => [])) if (f.endsWith('.js') && f !== 'sw.js') files.push(join(out, dir, f));
  }
  for (const f of files) {
    const { code } = await esbuild.transform(await readFile(f, 'utf8'), { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
    await writeFile(f, code);
  }
  const css = join(out, 'style.css');
  await writeFile(css, (await esbuild.transform(await readFile(css, 'utf8'), { loader: 'css', minify: true, legalComments: 'none' })).code);
  console.log(`build-web: minified ${files.length} modules and style.css`);
}

// The pages themselves load a bundle (build/web/js/): per page its entry file, the shared file of
// src/common.js and the panels its first result draws, up front; one file per section loaded on
// demand (src/sections/*.js, the dynamic import()s of src/app.js's LAZY table and of
// src/embed-panels.js), which the first load never requests. Both pages are built in one pass, so a
// module both use is one file instead of a copy per page, and the offline precache fetches it once.
// Every module of that pass imports src/common.js (esbuild `inject`): the modules it lists are then
// reached from the same entries and dynamic imports, so they stay one shared file instead of one
// small file per combination (each one more request before the first result). The worker and
// boot.js are bundled on their own. js/ sits beside src/, so the modules' import.meta.url paths
// ('../sw.js', './sweep-worker.js') and the external '../mlsysim_wasm.js' resolve the same from
// either folder. --no-bundle keeps the pages on src/ (for debugging).
const BUNDLES = [
  { pages: [{ entry: 'src/app.js', page: 'index.html' }, { entry: 'src/embed-page.js', page: 'embed.html' }], inject: ['src/common.js'] },
  { pages: [{ entry: 'src/boot.js', page: 'index.html', script: true }] },
  { pages: [{ entry: 'src/sweep-worker.js' }] },
];
const bundle = esbuild && !process.argv.includes('--no-bundle');
const critical = new Map(); // page → what it needs before its first result (site paths)
const toSite = (p) => relative(out, resolve(root, p)).split(sep).join('/');
const srcOf = (p) => relative(webSrc, resolve(root, p)).split(sep).join('/');
if (esbuild) {
  let files = 0;
  for (const group of BUNDLES) {
    const result = await esbuild.build({
      entryPoints: group.pages.map((b) => join(webSrc, b.entry)), inject: (group.inject ?? []).map((f) => join(webSrc, f)),
      bundle: true, splitting: true, format: 'esm', target: 'es2022', minify, legalComments: 'none',
      outdir: join(out, 'js'), entryNames: '[name]', chunkNames: '[name]-[hash]',
      external: ['../mlsysim_wasm.js', 'node:*'], metafile: true, write: bundle, logLevel: 'warning', absWorkingDir: root,
    });
    const meta = result.metafile; // paths relative to the repository root (absWorkingDir)
    const graph = bundle ? meta.outputs : meta.inputs;
    files += Object.keys(meta.outputs).filter((o) => o.endsWith('.js')).length;
    for (const b of group.pages) {
      const start = bundle ? Object.keys(meta.outputs).find((o) => meta.outputs[o].entryPoint === `web/${b.entry}`) : `web/${b.entry}`;
      // The static import graph from the entry (dynamic imports are left out: they load on demand).
      const seen = new Set([start]);
      for (const f of seen) for (const i of graph[f]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) seen.add(i.path);
      if (b.page && !b.script) critical.set(b.page, [...seen].map(bundle ? toSite : srcOf));
      if (bundle && b.page) {
        const path = join(out, b.page);
        const text = await readFile(path, 'utf8');
        if (!text.includes(`src="${b.entry}"`)) fail(`${b.page} no longer loads ${b.entry}: update the bundle step`);
        await writeFile(path, text.replace(`src="${b.entry}"`, `src="${toSite(start)}"`));
      }
    }
  }
  if (bundle) console.log(`build-web: bundled the pages into ${files} files in build/web/js/ (${[...critical].map(([p, c]) => `${p}: ${c.length} up front`).join(', ')})`);
}

// The module waterfall flattened: the modules a page needs before its first result and the wasm
// binary are announced in its <head>, so the browser fetches them in parallel instead of
// discovering them import by import. The rest loads on demand.
for (const page of (await readdir(out)).filter((f) => f.endsWith('.html'))) {
  const path = join(out, page);
  const text = await readFile(path, 'utf8');
  const [marker, wasm] = text.match(/ *<!-- preload(:wasm)? -->\n/) ?? [];
  if (!marker) continue;
  const modules = critical.get(page)
    ?? (await readdir(join(out, 'src'))).filter((f) => f.endsWith('.js') && !f.startsWith('embed-') && !f.startsWith('accuracy-')).sort().map((f) => `src/${f}`);
  // `preload:wasm` (embed.html, whose first result always needs the engine): the wasm binary first,
  // the largest download. index.html leaves it out: its bare address paints a built result first and
  // fetches the engine after that paint, and boot.js fetches it at once for a link with a scenario.
  const links = [
    ...(fake || !wasm ? [] : ['  <link rel="preload" href="mlsysim_wasm.wasm" as="fetch" type="application/wasm" crossorigin>']),
    ...[...modules, 'mlsysim_wasm.js'].map((m) => `  <link rel="modulepreload" href="${m}">`),
  ].join('\n');
  await writeFile(path, text.replace(marker, `${links}\n`));
}

// The catalog listing the pages build their inputs from (tools/page-catalog.mjs), from this
// build's engine. A --fake build has none: the pages then ask their engine.
// And for index.html, the result of its default scenario (web/src/default-result.js): an address
// with no scenario shows it before the engine is ready. The scenario is made by the page's own
// modules (url-state.js, scenario.js), so the page finds it equal to the one it would send.
let listingBlock = null; // one engine run for both pages
let resultBlock = null;
for (const page of ['index.html', 'embed.html']) {
  const path = join(out, page);
  let text = await readFile(path, 'utf8');
  const marker = text.match(/ *<!-- catalog listing -->\n/)?.[0];
  if (!marker) fail(`${page} has no <!-- catalog listing --> marker: update the listing step`);
  if (!fake && listingBlock === null) {
    const src = (f) => import(pathToFileURL(join(out, 'src', f)).href);
    const { createMlsysim } = await src('engine.js');
    const sim = await createMlsysim({ wasmBinary: await readFile(moduleWasm) });
    const listing = sim.catalog();
    if (!listing.ok) fail(`the engine's catalog() failed: ${JSON.stringify(listing.error)}`);
    listingBlock = `  <script type="application/json" id="catalog-listing">${dataBlockJson(pageCatalog(listing))}</script>\n`;
    const { parseState } = await src('url-state.js');
    const { toEngineScenario, modelKind } = await src('scenario.js');
    const s = parseState('').scenario;
    const sent = toEngineScenario(s, { kind: modelKind(s, listing) });
    const result = sim.solve(sent);
    if (!result.ok) fail(`the page's default scenario does not solve: ${JSON.stringify(result.error)}`);
    resultBlock = `  <script type="application/json" id="default-result">${dataBlockJson({ sent, result })}</script>\n`;
  }
  text = text.replace(marker, listingBlock ?? '');
  const resultMarker = text.match(/ *<!-- default result -->\n/)?.[0];
  if (page === 'index.html' && !resultMarker) fail('index.html has no <!-- default result --> marker: update the result step');
  if (resultMarker) text = text.replace(resultMarker, resultBlock ?? '');
  await writeFile(path, text);
}

// The accuracy view's data (web/src/accuracy-panel.js): every case of tests/accuracy/cases/ and the
// model-card text, in one same-origin JSON file the page fetches when the view is opened.
{
  const accDir = join(root, 'tests', 'accuracy');
  const names = (await readdir(join(accDir, 'cases'))).filter((f) => f.endsWith('.json')).sort();
  const cases = [];
  for (const n of names) cases.push(JSON.parse(await readFile(join(accDir, 'cases', n), 'utf8')));
  const card = JSON.parse(await readFile(join(accDir, 'model-card.json'), 'utf8'));
  await writeFile(join(out, 'accuracy-cases.json'), JSON.stringify({
    about: 'Public validation cases (tests/accuracy/cases/) and model-card text (tests/accuracy/model-card.json) for the accuracy view',
    model_card: { categories: card.categories, calibration: card.calibration },
    cases,
  }) + '\n');
}

// The engine as an ES-module package (build/web/package/): engine.js beside the wasm module, the
// TypeScript declarations and a package.json whose `exports` name them. Same files as the page's,
// with engine.js's '../mlsysim_wasm.*' paths pointing beside it. Not for --fake builds.
if (!fake) {
  const pkgDir = join(out, 'package');
  await mkdir(pkgDir, { recursive: true });
  const rootPkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const engine = await readFile(join(webSrc, 'src', 'engine.js'), 'utf8');
  if (!engine.includes("'../mlsysim_wasm.")) fail("web/src/engine.js no longer imports '../mlsysim_wasm.js': update the package step");
  await writeFile(join(pkgDir, 'engine.js'), engine.replaceAll("'../mlsysim_wasm.", "'./mlsysim_wasm."));
  await copyFile(moduleJs, join(pkgDir, 'mlsysim_wasm.js'));
  await copyFile(moduleWasm, join(pkgDir, 'mlsysim_wasm.wasm'));
  await writeFile(join(pkgDir, 'package.json'), JSON.stringify({
    name: 'mlsysim-wasm',
    version: rootPkg.version,
    description: 'MLSys·im: a first-principles ML-systems simulator (C++ core compiled to WebAssembly) as an ES module',
    type: 'module',
    main: './engine.js',
    types: './index.d.ts',
    exports: {
      '.': { types: './index.d.ts', default: './engine.js' },
      './mlsysim_wasm.wasm': './mlsysim_wasm.wasm',
      './mlsysim_wasm.js': './mlsysim_wasm.js',
      './package.json': './package.json',
    },
    files: ['engine.js', 'mlsysim_wasm.js', 'mlsysim_wasm.wasm', 'index.d.ts', 'README.md'],
    sideEffects: false,
    engines: { node: '>=20' },
  }, null, 2) + '\n');
}

// The service worker's list of files to keep for offline use (every file of the site but the
// worker itself, the npm package folder and, when the pages load the bundle, the unbundled src/
// library they never request), and a content hash so a new build replaces the cache.
async function listFiles(dir, base = '') {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...await listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}
const offlineFiles = (await listFiles(out))
  .filter((f) => f !== 'sw.js' && !f.startsWith('package/') && f !== 'FAKE_ENGINE' && !(bundle && f.startsWith('src/'))).sort();
const hash = createHash('sha256');
for (const f of offlineFiles) hash.update(f).update(await readFile(join(out, f)));
const swPath = join(out, 'sw.js');
const sw = await readFile(swPath, 'utf8');
await writeFile(swPath, sw
  .replace("const VERSION = 'dev';", `const VERSION = '${hash.digest('hex').slice(0, 16)}';`)
  // index.html is stored once, as './' (the address a visit uses); sw.js serves it for either name.
  .replace('const FILES = [];', `const FILES = ${JSON.stringify(['./', ...offlineFiles.filter((f) => f !== 'index.html').map((f) => `./${f}`)])};`));
