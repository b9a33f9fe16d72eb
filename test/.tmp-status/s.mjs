import * as s from '@elicense/status';
import * as web from '../../packages/status/dist/internal/compress-web.js';
import * as node from '../../packages/status/dist/internal/compress-node.js';
console.log(Object.keys(s).sort().join(' '));
console.log(s.encodeStatusList([1,0,0,1,1,1,0,1,1,1,0,0,0,1,0,1]));
const l = s.decodeStatusList('eNrbuRgAAhcBXQ', 1); console.log([...l].join(''), l.size);
const l2 = s.decodeStatusList('eNo76fITAAPfAgc', 2); console.log([...l2].join(','));
const b = s.decodeBitstringStatusList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'); console.log(b.size, b.get(94567));
const t = s.decodeBitstringStatusList('uH4sIAAAAAAAAA-3OMQ0AAAgDsOHfNB72EJJWQRMAAAAAAIDWXAcAAAAAAIDHFrc4zDzUMAAA', {minEntries:0}); console.log(t.get(50000), t.get(50007));
const p = new s.IndexPermutation(new Uint8Array(32), 131072);
let t0 = performance.now(); const seen = new Uint8Array(131072); for (let i=0;i<131072;i++){ const x=p.indexAt(i); if (seen[x]) throw new Error('dup'); seen[x]=1;} console.log('perm ms', performance.now()-t0, [0,1,2,3].map(i=>p.indexAt(i)));
const big = new s.StatusList(10_000_000, 8); for (let i=0;i<10_000_000;i+=997) big.set(i, i%256);
const lst = s.encodeStatusList(big); console.log('lst len', lst.length);
t0 = performance.now(); const d = s.decodeStatusList(lst, 8); console.log('decode 10M 8-bit ms', performance.now()-t0, d.get(997*5));
const big1 = new s.StatusList(10_000_000, 1); for (let i=0;i<10_000_000;i+=97) big1.set(i, 1);
const lst1 = s.encodeStatusList(big1);
t0 = performance.now(); s.decodeStatusList(lst1, 1); console.log('decode 10M 1-bit ms', performance.now()-t0, lst1.length);
const z = s.encodeStatusList(big1);
const raw = Buffer.from(z, 'base64url');
t0 = performance.now(); const w = web.zlibDecompress(raw, 1<<24, 'x'); console.log('web decode ms', performance.now()-t0, w.length);
t0 = performance.now(); const n = node.zlibDecompress(raw, 1<<24, 'x'); console.log('node decode ms', performance.now()-t0, n.length, Buffer.compare(Buffer.from(w), Buffer.from(n)));
for (const [name, f] of [['web', web], ['node', node]]) {
  const good = f.zlibCompress(new Uint8Array(1000).fill(7));
  const g = f.gzipCompress(new Uint8Array(1000).fill(7));
  const cases = {
    ok: () => f.zlibDecompress(good, 1e6, 'x').length,
    garbage: () => f.zlibDecompress(new Uint8Array([...good, 1,2,3]), 1e6, 'x'),
    zeros: () => f.zlibDecompress(new Uint8Array([...good, 0]), 1e6, 'x'),
    trunc: () => f.zlibDecompress(good.subarray(0, good.length-1), 1e6, 'x'),
    badadler: () => { const c = good.slice(); c[c.length-1]^=1; return f.zlibDecompress(c, 1e6, 'x'); },
    toolarge: () => f.zlibDecompress(good, 999, 'x'),
    exact: () => f.zlibDecompress(good, 1000, 'x').length,
    gok: () => f.gzipDecompress(g, 1e6, 'x').length,
    ggarbage: () => f.gzipDecompress(new Uint8Array([...g, 0]), 1e6, 'x'),
    gtwo: () => f.gzipDecompress(new Uint8Array([...g, ...g]), 1e6, 'x'),
    gtrunc: () => f.gzipDecompress(g.subarray(0, g.length-1), 1e6, 'x'),
    gcrc: () => { const c = g.slice(); c[c.length-6]^=1; return f.gzipDecompress(c, 1e6, 'x'); },
    gsize: () => { const c = g.slice(); c[c.length-1]^=1; return f.gzipDecompress(c, 1e6, 'x'); },
    gbig: () => f.gzipDecompress(g, 10, 'x'),
    cross: () => f.gzipDecompress(good, 1e6, 'x'),
  };
  const out = [];
  for (const [k, fn] of Object.entries(cases)) { try { out.push(`${k}=${fn()}`); } catch (e) { out.push(`${k}:${e.code}`); } }
  console.log(name, out.join(' '));
}
