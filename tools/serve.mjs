#!/usr/bin/env node
// Serve build/web on 127.0.0.1 with correct MIME types (application/wasm for .wasm).
//   node tools/serve.mjs [PORT]      (or PORT=… in the environment; default 8080, next free port if busy)
// Also importable: `startServer({root, port, host})` → {server, port, url} (port 0 = ephemeral), for tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function handler(root) {
  return async (req, res) => {
    const send = (code, text) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (pathname.includes('\0')) return send(400, 'bad request\n');
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = resolve(root, '.' + pathname);
    // No directory traversal: the resolved file must stay inside root.
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden\n');
    let info;
    try {
      info = await stat(file);
    } catch {
      return send(404, 'not found\n');
    }
    if (info.isDirectory()) {
      res.writeHead(301, { location: pathname + '/' });
      return res.end();
    }
    // no-cache: the browser asks every time (a rebuild is seen at once); the validator lets an
    // unchanged file come back as 304 with no body, and keeps its cache entry, where Chromium also
    // keeps the wasm module's compiled code for the next visit.
    const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
    const headers = { 'cache-control': 'no-cache', etag, 'x-content-type-options': 'nosniff' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(500, 'read error\n');
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolvePromise, reject) => {
    const onError = (err) => { server.off('listening', onListening); reject(err); };
    const onListening = () => { server.off('error', onError); resolvePromise(server.address().port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startServer({ root = join(repoRoot, 'build', 'web'), port = 8080, host = '127.0.0.1', tries = 20 } = {}) {
  const absRoot = resolve(root);
  const server = createServer(handler(absRoot));
  for (let i = 0; ; i++) {
    try {
      const bound = await listen(server, port === 0 ? 0 : port + i, host);
      return { server, port: bound, url: `http://${host}:${bound}/` };
    } catch (err) {
      if (err.code !== 'EADDRINUSE' || port === 0 || i + 1 >= tries) throw err;
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(repoRoot, 'build', 'web');
  try {
    await stat(join(root, 'index.html'));
  } catch {
    console.error('serve: build/web/index.html is missing; run `node tools/build-web.mjs` first');
    process.exit(1);
  }
  const arg = process.argv[2] ?? process.env.PORT ?? '8080';
  const port = Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port '${arg}'`);
    process.exit(2);
  }
  const { url } = await startServer({ root, port });
  console.log(`Serving MLSys·im at ${url}`);
}
