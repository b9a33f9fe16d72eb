/**
 * Build the wallet and verifier pages and serve them on http://127.0.0.1 (static files only).
 *
 *   npm run example:wallet-web            # port 8080
 *   PORT=9000 npm run example:wallet-web
 *
 * 127.0.0.1 is a secure context, so WebCrypto and IndexedDB work without HTTPS.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { buildWalletWeb } from './build.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

const outdir = await mkdtemp(join(tmpdir(), 'elicense-wallet-web-'));
const { files } = await buildWalletWeb(outdir);
console.log(`built ${files.length} files into ${outdir}`);

const server = createServer(async (req, res) => {
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
    return;
  }
  const file = normalize(join(outdir, path === '/' ? 'index.html' : path));
  const type = TYPES[extname(file)];
  if (req.method !== 'GET' || !file.startsWith(outdir + sep) || type === undefined || !(await stat(file).then((s) => s.isFile(), () => false))) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const at = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port}`;
  console.log(`wallet:   ${at}/`);
  console.log(`verifier: ${at}/verifier.html   (with the demo issuing desk)`);
  console.log('Ctrl+C to stop');
});

process.on('SIGINT', () => {
  server.close();
  void rm(outdir, { recursive: true, force: true }).then(() => process.exit(0));
});
