// tools/serve.mjs: MIME types the browser insists on, and no way out of the served folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer } from '../../tools/serve.mjs';

let dir;
let srv;

function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], etag: res.headers.etag, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlsysim-serve-'));
  await mkdir(join(dir, 'site', 'src'), { recursive: true });
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(dir, 'site', 'src', 'a.js'), 'export {}');
  await writeFile(join(dir, 'site', 'm.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(dir, 'secret.txt'), 'outside');
  srv = await startServer({ root: join(dir, 'site'), port: 0 });
});

after(async () => {
  await new Promise((r) => srv.server.close(r));
  await rm(dir, { recursive: true, force: true });
});

test('serves index.html for / and the right MIME types', async () => {
  assert.match((await get(srv.port, '/')).type, /^text\/html/);
  assert.match((await get(srv.port, '/src/a.js')).type, /^text\/javascript/);
  assert.equal((await get(srv.port, '/m.wasm')).type, 'application/wasm');
});

test('an unchanged file comes back as 304 with no body; a changed one as 200 with a new validator', async () => {
  const first = await get(srv.port, '/src/a.js');
  assert.equal(first.status, 200);
  assert.match(first.etag ?? '', /^"[0-9a-z]+-[0-9a-z]+"$/);
  const again = await get(srv.port, '/src/a.js', { 'if-none-match': first.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  assert.equal((await get(srv.port, '/src/a.js', { 'if-none-match': '"stale"' })).status, 200, 'another validator');
  await writeFile(join(dir, 'site', 'src', 'a.js'), 'export const changed = 1;');
  const changed = await get(srv.port, '/src/a.js', { 'if-none-match': first.etag });
  assert.equal(changed.status, 200, 'the file changed (size and time)');
  assert.equal(changed.body, 'export const changed = 1;');
  assert.notEqual(changed.etag, first.etag);
});

test('no directory traversal', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/src/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
    const r = await get(srv.port, p);
    assert.ok(r.status === 403 || r.status === 404, `${p} → ${r.status}`);
    assert.ok(!r.body.includes('outside'), p);
  }
});

test('missing files are 404 and a busy port moves to the next one', async () => {
  assert.equal((await get(srv.port, '/nope.js')).status, 404);
  const second = await startServer({ root: join(dir, 'site'), port: srv.port });
  try {
    assert.notEqual(second.port, srv.port);
    assert.equal(second.url, `http://127.0.0.1:${second.port}/`);
  } finally {
    await new Promise((r) => second.server.close(r));
  }
});
