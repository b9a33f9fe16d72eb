import { deflateSync, gzipSync } from 'node:zlib';
import * as node from '../../packages/status/dist/internal/compress-node.js';
import * as web from '../../packages/status/dist/internal/compress-web.js';
const sample = new Uint8Array(3000).map((_, i) => (i % 97 === 0 ? i & 0xff : 0));
for (const [fmt, s] of [['zlib', deflateSync(sample, {level:9})], ['gzip', gzipSync(sample, {level:9})]]) {
  const at = 1568279601 % s.length;
  const c = Buffer.from(s); c[at] ^= 5;
  const r = [node, web].map(b => { try { const o = fmt === 'zlib' ? b.zlibDecompress(c, 1<<20, 'x') : b.gzipDecompress(c, 1<<20, 'x'); return 'ok ' + o.length + ' ' + Buffer.from(o).equals(Buffer.from(sample)); } catch (e) { return 'err ' + e.message; } });
  console.log(fmt, at, s.length, s[at], r);
}
