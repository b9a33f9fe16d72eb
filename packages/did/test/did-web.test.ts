import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calculateJwkThumbprint, createSigner, generateKeyPair, signJwt, verifyJwt, type GeneratedKeyPair } from '@elicense/core';
import { createDidWebDocument, DidResolver, didWebToUrl, type DIDDocument } from '@elicense/did';
import { codeOf, vector, vectorText } from './helpers.js';

const mappings = vector('did/did-web/did-web-examples.json');

describe('did:web — DID → URL (spec examples)', () => {
  it('has the 3 published mappings', () => expect(mappings.did_to_url).toHaveLength(3));
  for (const { did, url } of mappings.did_to_url as { did: string; url: string }[]) {
    it(`${did} → ${url}`, () => expect(didWebToUrl(did)).toBe(url));
  }

  it('rejects malformed did:web values with ERR_DID_INVALID', async () => {
    for (const did of [
      'did:web:192.168.1.1',
      'did:web:127.0.0.1%3A8080',
      'did:web:example.com%3A0',
      'did:web:example.com%3A99999',
      'did:web:example.com%3A08080',
      'did:web:example.com%2Fpath',
      'did:web:-example.com',
      'did:web:exa_mple.com',
      'did:web:example.com::user',
      'did:web:example.com:..',
      'did:web:example.com:%2E%2E:did',
      'did:web:example.com:a%2Fb',
      'did:web:example.com#key-1',
      'did:web:',
    ]) {
      expect({ did, code: await codeOf(() => didWebToUrl(did)) }).toEqual({ did, code: 'ERR_DID_INVALID' });
    }
  });

  it('rejects other DID methods and non-strings with ERR_INVALID_ARGUMENT', async () => {
    expect(await codeOf(() => didWebToUrl('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => didWebToUrl(42 as unknown as string))).toBe('ERR_INVALID_ARGUMENT');
  });
});

/** A real HTTP server on 127.0.0.1 serving DID documents, counting requests per path. */
interface Route {
  status?: number;
  body?: string;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

describe('did:web — resolution against a real HTTP server on 127.0.0.1', () => {
  let server: Server;
  let port = 0;
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  let agency: GeneratedKeyPair;
  let did: string;
  let doc: DIDDocument;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes.get(path);
      if (route?.hang) return; // keep the connection open
      res.writeHead(route?.status ?? (route ? 200 : 404), { 'content-type': 'application/did+json' });
      res.end(route?.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    agency = await generateKeyPair('ES256');
    did = `did:web:127.0.0.1%3A${port}:agencies:transport`;
    doc = createDidWebDocument(did, [{ publicJwk: agency.publicJwk, id: 'key-2025' }]);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    routes.clear();
    hits.clear();
    routes.set('/agencies/transport/did.json', { body: JSON.stringify(doc) });
  });

  it('resolves through the default fetch and verifies a JWT signed by the agency key', async () => {
    const resolver = new DidResolver({ allowHttpLocalhost: true });
    expect(await resolver.resolve(did)).toStrictEqual(doc);
    const kid = `${did}#key-2025`;
    const jwt = await signJwt({ kid, typ: 'JWT' }, { iss: did, sub: 'licence-1' }, { alg: 'ES256', sign: createSigner(agency.privateKey, 'ES256') });
    const key = await resolver.resolveKey(kid, 'assertionMethod');
    expect(key).toEqual({ id: kid, controller: did, publicJwk: agency.publicJwk });
    const { payload } = await verifyJwt(jwt, { key: key.publicJwk, algorithms: ['ES256'] });
    expect(payload.sub).toBe('licence-1');
  });

  it('resolves a bare domain through /.well-known/did.json with an injected fetch', async () => {
    const rootDid = `did:web:127.0.0.1%3A${port}`;
    const rootDoc = createDidWebDocument(rootDid, [{ publicJwk: agency.publicJwk }]);
    routes.set('/.well-known/did.json', { body: JSON.stringify(rootDoc) });
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    };
    const resolver = new DidResolver({ fetch, allowHttpLocalhost: true });
    const key = await resolver.resolveKey(`${rootDid}#${await calculateJwkThumbprint(agency.publicJwk)}`, 'authentication');
    expect(key.publicJwk).toEqual(agency.publicJwk);
    expect(seen).toEqual([`http://127.0.0.1:${port}/.well-known/did.json`]);
  });

  it('caches within the TTL and fetches again after it', async () => {
    let now = 1_800_000_000;
    const resolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 300, now: () => now });
    await resolver.resolve(did);
    await resolver.resolve(did);
    await resolver.resolveKey(`${did}#key-2025`);
    expect(hits.get('/agencies/transport/did.json')).toBe(1);
    now += 299;
    await resolver.resolve(did);
    expect(hits.get('/agencies/transport/did.json')).toBe(1);
    now += 2;
    await resolver.resolve(did);
    expect(hits.get('/agencies/transport/did.json')).toBe(2);
  });

  it('shares one fetch between concurrent resolutions', async () => {
    const resolver = new DidResolver({ allowHttpLocalhost: true });
    await Promise.all([resolver.resolve(did), resolver.resolve(did), resolver.resolveKey(`${did}#key-2025`)]);
    expect(hits.get('/agencies/transport/did.json')).toBe(1);
  });

  it('cacheTtl 0 fetches every time', async () => {
    const resolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    await resolver.resolve(did);
    await resolver.resolve(did);
    expect(hits.get('/agencies/transport/did.json')).toBe(2);
  });

  it('a returned document cannot poison the cache', async () => {
    const resolver = new DidResolver({ allowHttpLocalhost: true });
    const first = await resolver.resolve(did);
    first.verificationMethod = [];
    expect(await resolver.resolve(did)).toStrictEqual(doc);
  });

  it('does not cache failures', async () => {
    const resolver = new DidResolver({ allowHttpLocalhost: true });
    routes.delete('/agencies/transport/did.json');
    expect(await codeOf(resolver.resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
    routes.set('/agencies/transport/did.json', { body: JSON.stringify(doc) });
    expect(await resolver.resolve(did)).toStrictEqual(doc);
    expect(hits.get('/agencies/transport/did.json')).toBe(2);
  });

  // routes are built lazily: the agency document only exists once beforeAll has run
  it.each([
    ['404', () => ({ status: 404, body: 'not found' })],
    ['500', () => ({ status: 500, body: JSON.stringify(doc) })],
    ['204 with no body', () => ({ status: 204 })],
    ['non-JSON', () => ({ body: '<html>hello</html>' })],
    ['a JSON array', () => ({ body: '[]' })],
    ['no id', () => ({ body: JSON.stringify({ ...doc, id: undefined }) })],
    ['too large', () => ({ body: JSON.stringify({ ...doc, padding: ' '.repeat(1024 * 1024) }) })],
  ] as [string, () => Route][])('%s → ERR_DID_RESOLUTION_FAILED', async (_label, route) => {
    routes.set('/agencies/transport/did.json', route());
    expect(await codeOf(new DidResolver({ allowHttpLocalhost: true }).resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
  });

  it('a document whose id is another DID → ERR_DID_RESOLUTION_FAILED', async () => {
    const other = createDidWebDocument(`did:web:127.0.0.1%3A${port}:agencies:health`, [{ publicJwk: agency.publicJwk }]);
    routes.set('/agencies/transport/did.json', { body: JSON.stringify(other) });
    expect(await codeOf(new DidResolver({ allowHttpLocalhost: true }).resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
  });

  it('a server that never answers → ERR_DID_RESOLUTION_FAILED after timeoutMs', async () => {
    routes.set('/agencies/transport/did.json', { hang: true });
    const start = Date.now();
    expect(await codeOf(new DidResolver({ allowHttpLocalhost: true, timeoutMs: 200 }).resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
    expect(Date.now() - start).toBeLessThan(3000);
  });

  it('a fetch that ignores the abort signal still times out', async () => {
    const fetch: typeof globalThis.fetch = () => new Promise<Response>(() => {});
    expect(await codeOf(new DidResolver({ fetch, allowHttpLocalhost: true, timeoutMs: 100 }).resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
  });

  it('without allowHttpLocalhost an IP-address did:web is invalid and localhost is fetched over HTTPS', async () => {
    expect(await codeOf(new DidResolver().resolve(did))).toBe('ERR_DID_INVALID');
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      return new Response('gone', { status: 404 });
    };
    expect(await codeOf(new DidResolver({ fetch }).resolve(`did:web:localhost%3A${port}`))).toBe('ERR_DID_RESOLUTION_FAILED');
    expect(seen).toEqual([`https://localhost:${port}/.well-known/did.json`]);
  });

  it('a redirect to plain HTTP is refused', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      const response = new Response(JSON.stringify(doc), { status: 200 });
      Object.defineProperty(response, 'url', { value: 'http://attacker.example/did.json' });
      return response;
    };
    const webDid = 'did:web:agency.example.gov';
    expect(await codeOf(new DidResolver({ fetch }).resolve(webDid))).toBe('ERR_DID_RESOLUTION_FAILED');
  });

  it('a network error → ERR_DID_RESOLUTION_FAILED', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await codeOf(new DidResolver({ fetch }).resolve('did:web:agency.example.gov'))).toBe('ERR_DID_RESOLUTION_FAILED');
  });
});

describe('did:web — DIF identity.foundation document (legacy publicKey array with private keys)', () => {
  const unlocked = vector('did-jwt-vc/dif-well-known/unlockedDID.json');
  const jwt = vectorText('did-jwt-vc/dif-well-known/jwt.txt').trim();
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    seen.push(String(input));
    return String(input) === 'https://identity.foundation/.well-known/did.json'
      ? new Response(JSON.stringify(unlocked), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response('not found', { status: 404 });
  };
  const resolver = new DidResolver({ fetch });
  const kid = 'did:web:identity.foundation#_Qq0UL2Fq651Q0Fjd6TvnYE-faHiOpRlPVQcY_-tA4A';

  it('resolveKey returns the public Ed25519 JWK without "d", and the EdDSA JWT verifies with it', async () => {
    const key = await resolver.resolveKey(kid, 'assertionMethod');
    expect(seen).toContain('https://identity.foundation/.well-known/did.json');
    expect(key.publicJwk.d).toBeUndefined();
    expect(key.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: 'VCpo2LMLhn6iWku8MKvSLg2ZAoC-nlOyPVQaO3FxVeQ' });
    expect(key.controller).toBe('did:web:identity.foundation');
    const { header, payload } = await verifyJwt(jwt, { key: key.publicJwk, algorithms: ['EdDSA'] });
    expect(header.kid).toBe(kid);
    expect(payload.iss).toBe('did:web:identity.foundation');
  });

  it('the JWT does not verify with the other (P-256) key of the document', async () => {
    const other = await resolver.resolveKey('did:web:identity.foundation#_TKzHv2jFIyvdTGF1Dsgwngfdg3SH6TpDv0Ta1aOEkw', 'assertionMethod');
    expect(other.publicJwk.d).toBeUndefined();
    expect(await codeOf(verifyJwt(jwt, { key: other.publicJwk, algorithms: ['EdDSA', 'ES256'] }))).toBe('ERR_KEY_INVALID');
  });

  it('the kid fragments are the RFC 7638 thumbprints of the keys', async () => {
    for (const fragment of ['_Qq0UL2Fq651Q0Fjd6TvnYE-faHiOpRlPVQcY_-tA4A', '_TKzHv2jFIyvdTGF1Dsgwngfdg3SH6TpDv0Ta1aOEkw']) {
      const key = await resolver.resolveKey(`did:web:identity.foundation#${fragment}`);
      expect(await calculateJwkThumbprint(key.publicJwk)).toBe(fragment);
    }
  });

  it('publicKeyBase58 (Ed25519VerificationKey2018) is turned into a JWK', async () => {
    const key = await resolver.resolveKey('did:web:identity.foundation#z6Mktts3kfFWDrURs7fNpayz24LZeCGNvCaFMC6KkbeYpZvi', 'assertionMethod');
    expect(key.publicJwk.kty).toBe('OKP');
    expect(key.publicJwk.crv).toBe('Ed25519');
    expect(key.publicJwk.d).toBeUndefined();
  });

  it('the resolved document carries no private key material', async () => {
    const doc = await resolver.resolve('did:web:identity.foundation');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('privateKey');
    expect(text).not.toContain('"d"');
    expect(doc.publicKey).toHaveLength(3);
  });

  it('keys only in assertionMethod are not found for authentication', async () => {
    expect(await codeOf(resolver.resolveKey(kid, 'authentication'))).toBe('ERR_DID_KEY_NOT_FOUND');
  });
});
