// Writes tests/hostile/urls.json: hostile share links for the URL parsers (web/src/url-state.js with
// fleet-url.js and site-state.js), read by tests/hostile/urls.test.mjs (node) and
// tests/browser/hostile-urls.test.mjs (the page). Expectations are written by hand.
//   node tests/hostile/make-urls.mjs
//
// An entry: {name, url | url_repeat | url_deflate, expect, browser?}
//   url           the hash, as typed ('#s=1&…')
//   url_repeat    {prefix, repeat, times, suffix}: megabyte links
//   url_deflate   {prefix, text: {prefix, repeat, times, suffix}}: prefix + 'z.' + base64url(deflate-raw(text)),
//                 built at test time (deflate bombs that would not fit in this file)
//   expect.errors     URL parameters that parseState must report (each an {param, message})
//   expect.clean      parseState reports nothing
//   expect.cfg        'rejects' (decodeConfig throws an Error) | 'decodes' (to text; the page then judges it)
//   expect.alert      text the page's role=alert box must contain (the field it names)
//   browser           open this one in the page too (a sample: the page test is slow)
import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entries = [];
const add = (name, url, expect, browser = false) => entries.push({ name, url, expect, ...(browser ? { browser } : {}) });
const b64url = (buf) => Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const j = (text) => 'j.' + b64url(Buffer.from(text));
const z = (text) => 'z.' + b64url(deflateRawSync(Buffer.from(text)));

const XSS = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "'><svg onload=alert(1)>", 'javascript:alert(1)'];
const enc = encodeURIComponent;
const CONFIG = '{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":100}';

// ---- schema, structure -------------------------------------------------------------------------------
add('future schema s=99', '#s=99&model=Llama3_8B', { errors: ['s'], alert: "'s'" }, true);
add('schema s=2 with pinned a.s=2', '#s=2&a.s=2&a.model=x', { errors: ['s', 'a.s'] });
add('schema s=1.0', '#s=1.0', { errors: ['s'] });
add('schema s=01', '#s=01', { errors: ['s'] });
add('schema s empty', '#s=', { errors: ['s'] });
add('schema given twice', '#s=1&s=2', { errors: ['s'] });
add('only a hash sign and ampersands', '#&&&&', { clean: true });
add('equals signs only', '#===&=1', { errors: [''] });
add('a second hash inside', '#s=1#s=2&bs=4', { errors: ['s'] });
add('a query string in the hash (URLSearchParams drops the ?)', '#?s=1&bs=4', { clean: true });

// ---- numbers --------------------------------------------------------------------------------------------
add('bs of 400 digits (Infinity as a number)', `#s=1&bs=${'9'.repeat(400)}`, { errors: ['bs'], alert: 'bs' }, true);
add('bs beyond 2^53', '#s=1&bs=99999999999999999999', { errors: ['bs'] });
add('bs NaN', '#s=1&bs=NaN', { errors: ['bs'] });
add('bs Infinity', '#s=1&bs=Infinity', { errors: ['bs'] });
add('bs hex', '#s=1&bs=0x10', { errors: ['bs'] });
add('bs 1e3 (counts are plain digits)', '#s=1&bs=1e3', { errors: ['bs'] });
add('bs -0 (syntax ok; the engine judges the range)', '#s=1&bs=-0', { clean: true });
add('bs with a percent-encoded NUL', '#s=1&bs=1%00', { errors: ['bs'] });
add('bs an emoji', '#s=1&bs=%F0%9F%A6%99', { errors: ['bs'] });
add('years 1e999', '#s=1&years=1e999', { errors: ['years'], alert: 'years' });
add('util NaN, pue -Infinity, price 1e400', '#s=1&util=NaN&pue=-Infinity&price=1e400', { errors: ['util', 'pue', 'price'] });
add('rate and slo hex and empty', '#s=1&rate=0x1&slo=', { errors: ['rate', 'slo'] });
add('tokens 1e999 and days -1', '#s=1&mode=training&tokens=1e999&days=-1', { errors: ['tokens', 'days'] });
add('gpus, tp and zero not whole', '#s=1&mode=training&gpus=8.5&tp=two&zero=1e1', { errors: ['gpus', 'tp', 'zero'] });

// ---- markup and script in every string key ------------------------------------------------------------------
const stringKeys = ['model', 'hw', 'prec', 'mode', 'region', 'rc', 'fabric'];
XSS.forEach((payload, i) => {
  for (const key of stringKeys) {
    const modeOk = key === 'rc' || key === 'fabric' ? '&mode=training' : '';
    const rejectedBySyntax = key === 'prec' || key === 'mode';
    // The engine refuses the name (unknown, not an enum value): its alert names the scenario field.
    const alert = { model: 'model', hw: 'hardware', region: 'site.region', rc: 'cluster.recompute', fabric: 'cluster.fabric', prec: 'prec', mode: 'mode' }[key];
    add(`${key} = ${payload}`, `#s=1${modeOk}&${key}=${enc(payload)}`, rejectedBySyntax ? { errors: [key], alert } : { clean: true, alert },
      (i === 0 && ['model', 'hw', 'region', 'prec'].includes(key)) || (i === 1 && key === 'model'));
  }
});
add('pinned a.model with markup', `#s=1&a.s=1&a.model=${enc(XSS[0])}`, { clean: true, alert: 'a.s' }, true);
add('markup as a key', `#s=1&${enc(XSS[1])}=1`, { errors: [XSS[1]] }, true);

// ---- percent-encoding garbage, unicode ----------------------------------------------------------------------
add('lone percent sign', '#s=1&model=%', { clean: true });
add('percent with bad hex', '#s=1&model=%zz%G1', { clean: true });
add('truncated UTF-8 sequence', '#s=1&model=%E0%A4%A', { clean: true });
add('overlong UTF-8 of "/"', '#s=1&hw=%C0%AF', { clean: true });
add('encoded surrogate half', '#s=1&hw=%ED%A0%80', { clean: true });
add('RTL override and zero-width in a name', `#s=1&model=${enc('\u202eLlama\u200b3_8B')}`, { clean: true, alert: 'model' }, true);
add('key with an RTL override', `#s=1&${enc('bs\u202e')}=4`, { errors: ['bs\u202e'] });
add('key in upper case', '#s=1&BS=4', { errors: ['BS'] });
add('key with a leading space', '#s=1&%20bs=4', { errors: [' bs'] });
add('empty model', '#s=1&model=', { errors: ['model'] });
add('whitespace-only hw', '#s=1&hw=%20%09', { errors: ['hw'] });

// ---- duplicates, flags, pinned scenario ------------------------------------------------------------------------
add('duplicate bs', '#s=1&bs=4&bs=8', { errors: ['bs'] });
add('predict=2', '#s=1&predict=2', { errors: ['predict'] });
add('predict with markup', `#s=1&predict=${enc(XSS[0])}`, { errors: ['predict'] });
add('pinned keys without a.s', '#s=1&a.model=Llama3_8B&a.bs=4', { errors: ['a.model'] });
add('pinned garbage: unknown key, NaN, 400 digits', `#s=1&a.s=1&a.x=1&a.bs=NaN&a.seq=${'9'.repeat(400)}`, { errors: ['a.x', 'a.bs', 'a.seq'] });
add('pinned a.a.s nesting', '#s=1&a.s=1&a.a.s=1', { errors: ['a.a.s'] });

// ---- sizes --------------------------------------------------------------------------------------------------------
entries.push({ name: 'a 1 MB hash (one model name)', url_repeat: { prefix: '#s=1&model=', repeat: 'A', times: 1 << 20, suffix: '' }, expect: { clean: true } });
entries.push({ name: '100 000 unknown keys (the list is capped)', url_repeat: { prefix: '#s=1', repeat: '&k=1', times: 100000, suffix: '' }, expect: { errors: ['k'] } });
entries.push({ name: '30 000 distinct unknown keys', url_repeat: { prefix: '#s=1', repeat: '&x=1&y=1&zz=1', times: 10000, suffix: '' }, expect: { errors: ['x', 'y', 'zz'] } });
entries.push({ name: 'a 1 MB cfg of base64 garbage', url_repeat: { prefix: '#s=1&cfg=z.', repeat: 'A', times: 1 << 20, suffix: '' }, expect: { cfg: 'rejects' } });

// ---- inline configs: corrupt payloads, bombs ----------------------------------------------------------------------
add('cfg with characters outside base64url', '#s=1&cfg=z.!!!!', { errors: ['cfg'], alert: 'cfg' }, true);
add('cfg without a tag', `#s=1&cfg=${b64url(Buffer.from(CONFIG))}`, { errors: ['cfg'] });
add('cfg tag only', '#s=1&cfg=z.', { errors: ['cfg'] });
add('cfg of one base64 character (not decodable)', '#s=1&cfg=z.A', { cfg: 'rejects' });
add('cfg of valid base64 but not deflate', '#s=1&cfg=z.AAAAAAAA', { cfg: 'rejects', alert: 'cfg' }, true);
add('cfg deflate cut in half', `#s=1&cfg=${z(CONFIG).slice(0, 20)}`, { cfg: 'rejects' });
add('cfg deflate with a reserved block type', `#s=1&cfg=${(() => { const b = deflateRawSync(Buffer.from(CONFIG)); b[0] = 0xff; return 'z.' + b64url(b); })()}`, { cfg: 'rejects' });
add('cfg j. of invalid UTF-8', `#s=1&cfg=j.${b64url(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))}`, { cfg: 'rejects', alert: 'cfg' });
add('cfg j. of text that is not JSON', `#s=1&cfg=${j('hello')}`, { cfg: 'decodes', alert: 'cfg' }, true);
add('cfg j. of a JSON array', `#s=1&cfg=${j('[1,2,3]')}`, { cfg: 'decodes', alert: 'cfg' });
add('cfg j. of null', `#s=1&cfg=${j('null')}`, { cfg: 'decodes', alert: 'cfg' });
add('cfg j. with __proto__ and constructor keys', `#s=1&cfg=${j('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},' + CONFIG.slice(1))}`, { cfg: 'decodes' }, true);
add('cfg z. with markup in the name', `#s=1&cfg=${z(CONFIG.slice(0, -1) + ',"name":"<img src=x onerror=alert(1)>"}')}`, { cfg: 'decodes' }, true);
add('cfg j. with NaN in the JSON', `#s=1&cfg=${j('{"hidden_size":NaN}')}`, { cfg: 'decodes', alert: 'cfg' });
add('cfg z. nested 100 000 deep', `#s=1&cfg=${z('['.repeat(100000) + ']'.repeat(100000))}`, { cfg: 'decodes', alert: 'cfg' }, true);
add('pinned a.cfg corrupt', '#s=1&a.s=1&a.cfg=z.AAAAAAAA', { cfg: 'rejects', alert: 'a.cfg' }, true);
entries.push({ name: 'deflate bomb: 64 MiB of spaces', url_deflate: { prefix: '#s=1&cfg=', text: { prefix: '{', repeat: ' ', times: 64 << 20, suffix: '}' } }, expect: { cfg: 'rejects', alert: 'cfg' }, browser: true });
entries.push({ name: 'deflate bomb: 4 MiB + 1 (just over the limit)', url_deflate: { prefix: '#s=1&cfg=', text: { prefix: '{', repeat: ' ', times: (4 << 20) - 1, suffix: '}' } }, expect: { cfg: 'rejects' } });
entries.push({ name: 'deflate: exactly 4 MiB (the limit) decodes', url_deflate: { prefix: '#s=1&cfg=', text: { prefix: '{', repeat: ' ', times: (4 << 20) - 2, suffix: '}' } }, expect: { cfg: 'decodes' } });
entries.push({ name: 'pinned a.cfg deflate bomb', url_deflate: { prefix: '#s=1&a.s=1&a.cfg=', text: { prefix: '', repeat: 'a', times: 32 << 20, suffix: '' } }, expect: { cfg: 'rejects' } });

writeFileSync(join(here, 'urls.json'), JSON.stringify({
  about: 'Hostile share links (tests/hostile/make-urls.mjs writes this file; see its header for the entry forms).',
  entries,
}, null, 1) + '\n');
console.log(`${entries.length} URLs (${entries.filter((e) => e.browser).length} opened in the page)`);
