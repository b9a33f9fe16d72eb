import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signingKeyFromJwk } from '@elicense/core';
import { Verifier, type VerificationReport } from '@elicense/verifier';
import { expectFailedAt } from './helpers.js';
import { AUD, NONCE, NOW, TYPES, cleanup, issueAndPresentWithKey, party, world, type LicenceTypeName } from './offline-world.js';

afterAll(cleanup);

describe('an offline verifier makes no network call', () => {
  it('verifies presentations of every licence type (one revoked) and a W3C VC JWT with fetch, sockets, HTTP(S) and DNS all watched', async () => {
    // Everything the verifier is handed is prepared first: a bundle, presentations, a VC JWT.
    const w = await world();
    await w.agency.revoke(w.held.marriage_certificate.issued.id);
    await w.agency.publishStatusLists();
    const built = await w.build();
    const presentations = {} as Record<LicenceTypeName, string>;
    for (const type of TYPES) presentations[type] = await w.present(type);
    const webIssuer = 'did:web:licensing.gov.example';
    const someone = await party();
    const fromTheWeb = await issueAndPresentWithKey({ iss: webIssuer, signer: signingKeyFromJwk(someone.privateJwk, `${webIssuer}#key-1`), type: 'driving_licence', iat: NOW - 60 });

    const calls: string[] = [];
    const offline = (what: string) => {
      calls.push(what);
      throw new Error(`network call attempted: ${what}`);
    };
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => offline(`fetch ${input instanceof Request ? input.url : String(input)}`)) as typeof fetch;
    const spies = {
      connect: vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => offline('net.Socket#connect')),
      http: vi.spyOn(http, 'request').mockImplementation(() => offline('http.request')),
      https: vi.spyOn(https, 'request').mockImplementation(() => offline('https.request')),
      lookup: vi.spyOn(dns, 'lookup').mockImplementation((() => offline('dns.lookup')) as unknown as typeof dns.lookup),
    };
    try {
      const verifier = await Verifier.fromBundle({ bundle: built.bundle, publishers: w.publishers, now: () => NOW });
      const reports: Partial<Record<LicenceTypeName, VerificationReport>> = {};
      for (const type of TYPES) reports[type] = await verifier.verifyPresentation(presentations[type], { nonce: NONCE, aud: AUD });
      const jwtVc = await verifier.verifyJwtVc(w.jwtVc.credential);

      expect(reports.resident_id_card?.verified).toBe(true);
      expect(reports.driving_licence?.verified).toBe(true);
      expect(reports.business_licence?.verified).toBe(true);
      expectFailedAt(reports.marriage_certificate!, 'status', 'ERR_STATUS_REVOKED');
      expect(jwtVc.verified).toBe(true);
      for (const report of [...Object.values(reports), jwtVc]) expect(report.freshness?.statusList).toBeDefined();
      expect(calls).toEqual([]);
      for (const spy of Object.values(spies)) expect(spy).not.toHaveBeenCalled();

      // The watch is real: an online verifier resolving a did:web issuer is caught at once.
      const online = new Verifier({ trustedIssuers: [webIssuer], now: () => NOW });
      const report = await online.verifyPresentation(fromTheWeb.presentation, { nonce: NONCE, aud: AUD });
      expectFailedAt(report, 'issuer_key', 'ERR_DID_RESOLUTION_FAILED');
      expect(calls).toEqual(['fetch https://licensing.gov.example/.well-known/did.json']);
    } finally {
      globalThis.fetch = realFetch;
      vi.restoreAllMocks();
    }
    expect(globalThis.fetch).toBe(realFetch);
  });
});
