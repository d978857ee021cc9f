// The page and the embed page, as built (build/web), set a Content-Security-Policy that names no
// remote origin (scripts only from 'self', plus 'wasm-unsafe-eval' for the engine), and the page's
// JavaScript never turns data into markup or code: no innerHTML/outerHTML/insertAdjacentHTML,
// eval, new Function, document.write, string timers or javascript: URLs (user text goes through
// textContent). A legitimate exception would be listed in ALLOWED with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'build', 'web');

/** The policy of a <meta http-equiv="Content-Security-Policy"> as {directive: [sources]}. */
export function policyOf(html) {
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi)];
  if (metas.length !== 1) return null;
  const content = metas[0][0].match(/content="([^"]*)"/i)?.[1] ?? metas[0][0].match(/content='([^']*)'/i)?.[1];
  const policy = {};
  for (const part of (content ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = sources;
  }
  return policy;
}

/** Sources that would let another origin (or inline text) supply code or content. */
export function remoteSources(policy) {
  const bad = [];
  for (const [directive, sources] of Object.entries(policy)) {
    for (const s of sources) {
      const keyword = /^'(self|none|wasm-unsafe-eval|strict-dynamic)'$/.test(s);
      const local = s === 'data:' || s === 'blob:';
      if (directive === 'script-src' || directive === 'default-src' || directive === 'worker-src') {
        if (!keyword) bad.push(`${directive} ${s}`); // no http:, https:, *, data:, blob:, hosts, 'unsafe-*'
      } else if (!keyword && !local) {
        bad.push(`${directive} ${s}`);
      }
    }
  }
  return bad;
}

for (const page of ['index.html', 'embed.html']) {
  test(`built ${page}: a Content-Security-Policy without remote origins`, () => {
    const file = join(built, page);
    assert.ok(existsSync(file), `build/web/${page} is missing: build the site first (node tools/build-web.mjs)`);
    const html = readFileSync(file, 'utf8');
    const policy = policyOf(html);
    assert.ok(policy, 'exactly one CSP meta element');
    assert.deepEqual(policy['default-src'], ["'self'"], 'default-src is self');
    assert.ok(policy['script-src'], 'script-src is set');
    assert.deepEqual(remoteSources(policy), []);
    assert.deepEqual(policy['object-src'], ["'none'"]);
    assert.deepEqual(policy['base-uri'], ["'none'"]);
    // Every script is a file of the page's own folder; none is inline. A data block (type
    // application/json: the build's catalog listing) is never run, and must hold JSON.
    for (const [, tag, body] of html.matchAll(/(<script\b[^>]*>)([^<]*)/gi)) {
      if (/^<script type="application\/json" id="[a-z-]+">$/.test(tag)) {
        assert.doesNotThrow(() => JSON.parse(body), `${tag} holds JSON`);
        continue;
      }
      const src = tag.match(/\bsrc=["']([^"']+)["']/i)?.[1];
      assert.ok(src, `inline script: ${tag}`);
      assert.ok(!/^[a-z]+:|^\/\//i.test(src), `remote script: ${src}`);
    }
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handler attributes');
  });
}

test('the CSP check itself rejects remote and inline sources', () => {
  const p = policyOf(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' https://cdn.example.com data: 'unsafe-inline' *; img-src http:">`);
  assert.deepEqual(remoteSources(p), ['script-src https://cdn.example.com', 'script-src data:', "script-src 'unsafe-inline'", 'script-src *', 'img-src http:']);
});

const SINKS = [
  ['innerHTML', /\.innerHTML\b/],
  ['outerHTML', /\.outerHTML\b/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['eval', /(^|[^.\w])eval\s*\(/],
  ['new Function', /new\s+Function\s*\(/],
  ['document.write', /document\.write/],
  ['string timer', /set(Timeout|Interval)\s*\(\s*['"`]/],
  ['createContextualFragment', /createContextualFragment/],
  ['DOMParser', /DOMParser/],
  ['srcdoc', /srcdoc/],
  ['javascript: URL', /javascript:/i],
  ['on* attribute', /setAttribute\(\s*['"]on/i],
];
// [file, sink, why it is safe]: none today.
const ALLOWED = [];

test('web/ JavaScript has no HTML or code sinks for data', () => {
  const files = [];
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory()) walk(join(dir, d.name));
      else if (d.name.endsWith('.js') || d.name.endsWith('.mjs')) files.push(join(dir, d.name));
    }
  };
  walk(join(root, 'web'));
  assert.ok(files.length >= 20, `${files.length} files scanned`);
  const found = [];
  for (const f of files) {
    const rel = f.slice(root.length + 1);
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, ''); // comments may name the sinks they avoid
      for (const [sink, re] of SINKS)
        if (re.test(code) && !ALLOWED.some(([af, as]) => af === rel && as === sink)) found.push(`${rel}:${i + 1} ${sink}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
