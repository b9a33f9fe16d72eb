import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '@elicense/holder';
import { walletBackendConformance } from './backend-conformance.js';

walletBackendConformance('MemoryBackend', async () => new MemoryBackend());

describe('MemoryBackend', () => {
  it('lives only as long as the object and keeps CryptoKeys', () => {
    const b = new MemoryBackend();
    expect(b.persistent).toBe(false);
    expect(b.keepsCryptoKeys).toBe(true);
  });

  it('shares nothing between two instances', async () => {
    const a = new MemoryBackend();
    const b = new MemoryBackend();
    await a.writeHeader(new Uint8Array([1]));
    await a.commit({ put: [['x', { v: 1, iv: new Uint8Array(12), ct: new Uint8Array(16) }]] });
    expect(await b.readHeader()).toBeUndefined();
    expect(await b.ids()).toEqual([]);
  });
});
