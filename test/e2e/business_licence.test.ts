import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { Verifier } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

describe('business licence: market regulator (did:web over HTTP, EdDSA) → company wallet → bank', () => {
  let documents = new Map<string, unknown>();
  const server = createServer((req, res) => {
    const doc = documents.get(req.url ?? '');
    if (doc === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/did+json' }).end(JSON.stringify(doc));
  });
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  });

  it('the bank learns only the enterprise name and its unified social credit code', async () => {
    const clock = () => NOW;
    const samr = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: `127.0.0.1:${port}:samr`, now: clock });
    expect(samr.did).toBe(`did:web:127.0.0.1%3A${port}:samr`);
    expect(samr.kid).toBe(`${samr.did}#key-1`);
    documents = new Map([['/samr/did.json', await samr.didDocument()]]);

    const resolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    const wallet = await Wallet.create({ resolver, now: clock });
    const issued = await samr.issue({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: (await wallet.createHolderKey()).publicJwk });
    // long-term business term and no default validity: no exp
    expect(issued.expiresAt).toBeUndefined();
    const { id } = await wallet.receive(issued.credential);

    const bank = new Verifier({ trustedIssuers: [samr.did], allowedTypes: ['business_licence'], resolver, now: clock });
    const nonce = 'account-opening-42';
    const aud = 'https://bank.example/kyb';
    const presentation = await wallet.present(id, { reveal: ['enterprise_name', 'unified_social_credit_code'], nonce, aud });
    const report = await bank.verifyPresentation(presentation, { nonce, aud });

    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({
      enterprise_name: '北京星河科技有限公司',
      unified_social_credit_code: LICENCE_CLAIMS.business_licence.unified_social_credit_code,
    });
    expect(report.disclosed.sort()).toEqual(['enterprise_name', 'unified_social_credit_code']);
    expect(report.issuer).toBe(samr.did);
  });

  it('the same licence as a W3C VC JWT verifies for a bank that only speaks VCDM 1.1', async () => {
    const clock = () => NOW;
    const samr = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: `127.0.0.1:${port}`, now: clock });
    documents = new Map([['/.well-known/did.json', await samr.didDocument()]]);
    const resolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    const wallet = await Wallet.create({ resolver, now: clock });
    const issued = await samr.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: (await wallet.createHolderKey()).publicJwk });
    expect(issued.format).toBe('jwt_vc');

    const bank = new Verifier({ trustedIssuers: [samr.did], allowedTypes: ['business_licence'], resolver, now: clock });
    const report = await bank.verifyJwtVc(issued.credential);
    expect(report.verified).toBe(true);
    expect(report.claims.enterprise_name).toBe('北京星河科技有限公司');
    expect(report.type).toBe('business_licence');
  });
});
