// A small static file server for the gate: one built site on 127.0.0.1 and a free port,
// folders answered with their index.html, anything missing with 404.html and status 404.
// Never serves outside the site folder.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.avif': 'image/avif', '.gif': 'image/gif', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

/** Serves dir; resolves to { url, close() }. */
export function serve(dir) {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const u = new URL(req.url, 'http://127.0.0.1');
      let file = path.resolve(root, `.${decodeURIComponent(u.pathname)}`);
      if (file !== root && !file.startsWith(root + path.sep)) throw new Error('outside');
      let s = await stat(file).catch(() => null);
      if (s && s.isDirectory()) {
        if (!u.pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${u.pathname}/${u.search}` });
          res.end();
          return;
        }
        file = path.join(file, 'index.html');
        s = await stat(file).catch(() => null);
      }
      if (!s || !s.isFile()) {
        const body = await readFile(path.join(root, '404.html')).catch(() => 'not found');
        res.writeHead(404, { 'Content-Type': TYPES['.html'] });
        res.end(body);
        return;
      }
      const body = await readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(400);
      res.end();
    }
  });
  // Keep-alive connections kept open longer than any page load takes, so that a client does not
  // send a request on a socket the server is closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 120000;
  server.headersTimeout = 121000;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) });
    });
  });
}
