import * as s from '@elicense/status';
import * as web from '../../packages/status/dist/internal/compress-web.js';
import * as node from '../../packages/status/dist/internal/compress-node.js';
const mk = (n, bits, step, rand) => { const l = new s.StatusList(n, bits); for (let i = 0; i < n; i += step) l.set(i, rand ? Math.floor(Math.random() * 2**bits) : 1); return l; };
for (const [name, l] of [['10M 1-bit sparse', mk(10_000_000, 1, 97)], ['10M 8-bit sparse', mk(10_000_000, 8, 997)], ['1M 1-bit dense random', mk(1_000_000, 1, 1, true)], ['2M 8-bit random', mk(2_000_000, 8, 1, true)]]) {
  const raw = node.zlibCompress(l.toBytes());
  for (let k = 0; k < 3; k++) {
    let t = performance.now(); node.zlibDecompress(raw, 1 << 26, 'x'); const a = performance.now() - t;
    t = performance.now(); web.zlibDecompress(raw, 1 << 26, 'x'); const b = performance.now() - t;
    if (k === 2) console.log(name, 'compressed', raw.length, 'node', a.toFixed(1), 'web', b.toFixed(1));
  }
}
