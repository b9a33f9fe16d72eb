import zlib from 'node:zlib';
import * as node from '../../packages/status/dist/internal/compress-node.js';
import * as web from '../../packages/status/dist/internal/compress-web.js';
let seed = Number(process.argv[2] ?? 1);
const rnd = () => { seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const ri = (n) => Math.floor(rnd() * n);
function data() {
  const n = [0, 1, 10, 300, 5000, 20000, 40000, 70000][ri(8)] + ri(100);
  const d = new Uint8Array(n);
  const kind = ri(4);
  for (let i = 0; i < n; i++) d[i] = kind === 0 ? ri(256) : kind === 1 ? (ri(50) === 0 ? ri(256) : 0) : kind === 2 ? (i % 7) * 3 : (ri(4) === 0 ? ri(4) : 0);
  return d;
}
function out(f) { try { const o = f(); return 'ok:' + o.length + ':' + Buffer.from(o).toString('base64').slice(0, 0) + zlib.crc32(o); } catch (e) { return "err:" + e.code + (e.code ? "" : e.stack); } }
let diffs = 0, n = Number(process.argv[3] ?? 3000), stats = {};
for (let it = 0; it < n; it++) {
  const d = data();
  const gz = ri(2) === 1;
  const opts = { level: ri(10), strategy: [0, 1, 2, 3, 4][ri(5)], memLevel: 1 + ri(9) };
  let c = gz ? zlib.gzipSync(d, opts) : zlib.deflateSync(d, opts);
  c = Buffer.from(c);
  const muts = process.env.HDR ? 1 : ri(4);
  for (let m = 0; m < muts; m++) {
    const k = process.env.HDR ? 4 : ri(5);
    if (k === 0 && c.length) c[ri(c.length)] ^= 1 << ri(8);
    else if (k === 1 && c.length) c[ri(c.length)] = ri(256);
    else if (k === 2) c = c.subarray(0, ri(c.length + 1));
    else if (k === 3) c = Buffer.concat([c, Buffer.from([ri(256)])]);
    else if (k === 4 && c.length > 4) { const at = 2 + ri(Math.min(40, c.length - 2)); c[at] ^= 1 << ri(8); }
  }
  const max = [1 << 20, Math.max(1, d.length), Math.max(1, d.length - 1), 16384, 16383, 16385, 32768, 1 + ri(70000)][ri(8)];
  const a = out(() => gz ? node.gzipDecompress(c, max, 'x') : node.zlibDecompress(c, max, 'x'));
  const b = out(() => gz ? web.gzipDecompress(c, max, 'x') : web.zlibDecompress(c, max, 'x'));
  stats[a.split(':').slice(0,2).join(':').replace(/ok:\d+/, 'ok')] = (stats[a.split(':').slice(0,2).join(':').replace(/ok:\d+/, 'ok')] ?? 0) + 1;
    if (a !== b) { diffs++; if (diffs < 10) console.log('DIFF', it, gz ? 'gzip' : 'zlib', 'len', d.length, 'max', max, 'muts', muts, a.slice(0, 200), '|', b.slice(0, 200)); }
}
console.log('diffs', diffs, 'of', n, stats);
