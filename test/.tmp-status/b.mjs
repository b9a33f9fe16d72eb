import * as s from '@elicense/status';
import zlib from 'node:zlib';
const big = new s.StatusList(10_000_000, 8); for (let i=0;i<10_000_000;i+=997) big.set(i, i%256);
const lst = s.encodeStatusList(big);
const raw = Buffer.from(lst, 'base64url');
for (let k=0;k<3;k++){
let t0 = performance.now(); zlib.inflateSync(raw); const a = performance.now()-t0;
t0 = performance.now(); s.decodeStatusList(lst, 8); const b = performance.now()-t0;
console.log('inflate', a.toFixed(2), 'decode', b.toFixed(2));
}
const p = new s.IndexPermutation(new Uint8Array(32).fill(1), 10_000_000);
let t0 = performance.now(); for (let i=0;i<100000;i++) p.indexAt(i); console.log('100k perm 10M', performance.now()-t0);
const p2 = new s.IndexPermutation(new Uint8Array(32).fill(2), 2**32);
t0 = performance.now(); for (let i=0;i<100000;i++) p2.indexAt(i); console.log('100k perm 2^32', performance.now()-t0);
