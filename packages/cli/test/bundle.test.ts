import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJws } from '@elicense/core';
import { claims, run } from './helpers.js';

interface ReportJson {
  verified: boolean;
  checks: { check: string; ok: boolean; code?: string }[];
  warnings?: { code: string }[];
  freshness?: { bundle: { version: number; issuedAt: number; age: number }; statusList?: { uri: string; age: number } };
}

interface BundleJson {
  version: number;
  publisher: string;
  bytes: number;
  roots: string[];
  issuers: string[];
  accreditations: number;
  revocations: number;
  statusLists: string[];
  delta?: { from: number; bytes: number };
}

const failed = (r: ReportJson): { check: string; code?: string } | undefined => r.checks.find((c) => !c.ok && c.code !== undefined);

describe('elicense accredit, bundle and verify --bundle', () => {
  let dir: string;
  const f = (name: string): string => join(dir, name);
  let issuerDid: string;
  let rootDid: string;
  let credentialId: string;
  let accreditationId: string;
  /** Set once the registry has published: every later step happens after the status list token was signed. */
  let T0 = 0;
  const at = (seconds: number): string => String(T0 + seconds);

  const keys = async (name: string, ...extra: string[]): Promise<string> => {
    const r = await run('keys', '--out', f(`${name}.json`), '--json', ...extra);
    expect(r.code).toBe(0);
    return (JSON.parse(r.out) as { did: string }).did;
  };
  const verify = async (...args: string[]): Promise<{ code: number; report?: ReportJson; err: string }> => {
    const publisher = args.includes('--publisher') ? [] : ['--publisher', f('publisher.pub.json')];
    const r = await run('verify', f('pres.txt'), '--nonce', 'n-1', '--aud', 'https://police.example.cn', ...publisher, '--json', ...args);
    return { code: r.code, err: r.err, ...(r.out.trim() === '' ? {} : { report: JSON.parse(r.out) as ReportJson }) };
  };
  const bundle = async (...args: string[]): Promise<BundleJson> => {
    const r = await run('bundle', '--publisher-key', f('publisher.json'), '--root', rootDid, '--accreditation', f('acc.jwt'), '--registry', f('reg'), '--json', ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as BundleJson;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'elicense-bundle-'));
    await writeFile(f('claims.json'), JSON.stringify(claims));
    issuerDid = await keys('issuer');
    rootDid = await keys('root');
    await keys('publisher', '--public-out', f('publisher.pub.json'));
    await keys('other-publisher', '--public-out', f('other.pub.json'));
    await keys('holder', '--alg', 'EdDSA');
    const issued = await run('issue', '--type', 'business_licence', '--claims', f('claims.json'), '--holder', f('holder.json'), '--issuer-key', f('issuer.json'), '--registry', f('reg'), '--out', f('cred.txt'), '--json');
    expect(issued.code).toBe(0);
    credentialId = (JSON.parse(issued.out) as { id: string }).id;
    expect((await run('publish', '--registry', f('reg'), '--issuer-key', f('issuer.json'))).code).toBe(0);
    const presented = await run('present', '--credential', f('cred.txt'), '--holder-key', f('holder.json'), '--reveal', 'enterprise_name', '--nonce', 'n-1', '--aud', 'https://police.example.cn', '--out', f('pres.txt'));
    expect(presented.code).toBe(0);
    T0 = Math.floor(Date.now() / 1000) + 1;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accredit signs an accreditation+jwt for the agency and the types given', async () => {
    const r = await run('accredit', '--authority-key', f('root.json'), '--subject', issuerDid, '--type', 'business_licence', '--valid-from', at(-3600), '--valid-until', at(365 * 86_400), '--out', f('acc.jwt'), '--json');
    expect(r.code).toBe(0);
    const { header, payload } = decodeJws((await readFile(f('acc.jwt'), 'utf8')).trim());
    expect(header).toMatchObject({ typ: 'accreditation+jwt', kid: expect.stringContaining(`${rootDid}#`) });
    expect(payload).toMatchObject({ iss: rootDid, sub: issuerDid, vct: ['urn:elicense:vct:business_licence:1'], nbf: T0 - 3600, exp: T0 + 365 * 86_400 });
    accreditationId = payload.jti as string;
    expect((JSON.parse(r.out) as { jti: string }).jti).toBe(accreditationId);
    // usage errors
    expect((await run('accredit', '--authority-key', f('root.json'), '--subject', issuerDid, '--valid-until', at(100))).code).toBe(2);
    expect((await run('accredit', '--authority-key', f('root.json'), '--subject', issuerDid, '--type', 'fishing_permit', '--valid-until', at(100))).code).toBe(2);
    expect((await run('accredit', '--authority-key', f('holder.json'), '--revoke', 'x', '--subject', issuerDid)).code).toBe(2);
  });

  it('bundle builds a signed trust bundle from the registry, and verify --bundle checks a presentation with it alone', async () => {
    const b1 = await bundle('--out', f('b1.jws'), '--now', at(0));
    expect(b1).toMatchObject({ version: 1, roots: [rootDid], accreditations: 1, revocations: 0 });
    expect(b1.issuers.sort()).toEqual([issuerDid, rootDid].sort());
    expect(b1.statusLists).toHaveLength(1);
    expect(decodeJws((await readFile(f('b1.jws'), 'utf8')).trim()).header.typ).toBe('trust-bundle+jwt');

    const ok = await verify('--bundle', f('b1.jws'), '--now', at(60));
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.report!.verified).toBe(true);
    expect(ok.report!.freshness).toMatchObject({ bundle: { version: 1, issuedAt: T0, age: 60 }, statusList: { uri: b1.statusLists[0], age: expect.any(Number) } });

    // the human-readable report states the age of the trust data
    const text = await run('verify', f('pres.txt'), '--nonce', 'n-1', '--aud', 'https://police.example.cn', '--publisher', f('publisher.pub.json'), '--bundle', f('b1.jws'), '--now', at(60));
    expect(text.out).toContain('trust data: bundle version 1, issued 1m ago');
  });

  it('a revocation reaches the offline verifier as a delta; a rollback, another publisher, a truncated bundle and mixed flags are refused', async () => {
    expect((await run('revoke', credentialId, '--registry', f('reg'), '--issuer-key', f('issuer.json'))).code).toBe(0);
    const b2 = await bundle('--previous', f('b1.jws'), '--delta-out', f('d12.jws'), '--out', f('b2.jws'), '--now', at(120));
    expect(b2).toMatchObject({ version: 2, delta: { from: 1 } });
    expect(b2.delta!.bytes).toBeLessThan(b2.bytes);

    const revoked = await verify('--bundle', f('b1.jws'), '--delta', f('d12.jws'), '--now', at(180));
    expect(revoked.code).toBe(1);
    expect(failed(revoked.report!)).toMatchObject({ check: 'status', code: 'ERR_STATUS_REVOKED' });
    expect(revoked.report!.freshness!.bundle.version).toBe(2);
    const full = await verify('--bundle', f('b2.jws'), '--now', at(180));
    expect(failed(full.report!)).toMatchObject({ check: 'status', code: 'ERR_STATUS_REVOKED' });

    // the v1 → v2 delta does not apply on top of v2
    const rollback = await verify('--bundle', f('b2.jws'), '--delta', f('d12.jws'), '--now', at(180));
    expect(rollback.code).toBe(1);
    expect(rollback.err).toContain('ERR_BUNDLE_ROLLBACK');
    const untrusted = await verify('--bundle', f('b1.jws'), '--now', at(60), '--publisher', f('other.pub.json'));
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toContain('ERR_BUNDLE_UNTRUSTED');
    const text = await readFile(f('b1.jws'), 'utf8');
    await writeFile(f('truncated.jws'), text.slice(0, text.indexOf('.') + 40));
    const truncated = await verify('--bundle', f('truncated.jws'), '--now', at(60));
    expect(truncated.code).toBe(1);
    expect(truncated.err).toContain('ERR_BUNDLE_MALFORMED');
    expect((await verify('--bundle', f('b1.jws'), '--trust', issuerDid)).code).toBe(2);
    expect((await run('verify', f('pres.txt'), '--nonce', 'n-1', '--aud', 'a', '--bundle', f('b1.jws'))).code).toBe(2); // no --publisher
    expect((await verify('--bundle', f('b1.jws'), '--stale', 'sometimes')).code).toBe(2);
  });

  it('a stale bundle is refused by default and reported as a warning with --stale warn', async () => {
    // bundle v2 was built at T0 + 120; two hours later it is older than --max-bundle-age 1h
    const refused = await verify('--bundle', f('b2.jws'), '--max-bundle-age', '1h', '--now', at(120 + 7200));
    expect(refused.code).toBe(1);
    expect(failed(refused.report!)).toMatchObject({ check: 'issuer_trusted', code: 'ERR_BUNDLE_STALE' });
    const warned = await verify('--bundle', f('b2.jws'), '--max-bundle-age', '1h', '--stale', 'warn', '--now', at(120 + 7200));
    // not stale enough to refuse, but the licence itself is revoked: the warning is reported beside it
    expect(warned.report!.warnings?.map((w) => w.code)).toContain('ERR_BUNDLE_STALE');
    expect(warned.report!.checks.find((c) => c.check === 'issuer_trusted')!.ok).toBe(true);
    expect(warned.report!.freshness!.bundle.age).toBe(7200);
  });

  it('an accreditation revoked from before the issuance takes the agency out of the bundle verifier\'s trust', async () => {
    const r = await run('accredit', '--authority-key', f('root.json'), '--revoke', accreditationId, '--revoked-at', at(-1800), '--reason', 'audit', '--out', f('rev.jwt'), '--now', at(200));
    expect(r.code).toBe(0);
    expect(decodeJws((await readFile(f('rev.jwt'), 'utf8')).trim()).payload).toMatchObject({ iss: rootDid, sub: accreditationId, revoked_at: T0 - 1800, reason: 'audit' });
    const b3 = await bundle('--revocation', f('rev.jwt'), '--previous', f('b2.jws'), '--out', f('b3.jws'), '--now', at(240));
    expect(b3).toMatchObject({ version: 3, revocations: 1 });
    const refused = await verify('--bundle', f('b3.jws'), '--now', at(300));
    expect(refused.code).toBe(1);
    expect(failed(refused.report!)).toMatchObject({ check: 'issuer_trusted', code: 'ERR_ISSUER_NOT_ACCREDITED' });
  });

  it('bundle refuses an accreditation that does not reach the root, and an unknown key event', async () => {
    const r = await run('bundle', '--publisher-key', f('publisher.json'), '--root', issuerDid, '--accreditation', f('acc.jwt'), '--registry', f('reg'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('ERR_ACCREDITATION_CHAIN_BROKEN');
    const e = await run('bundle', '--publisher-key', f('publisher.json'), '--root', rootDid, '--accreditation', f('acc.jwt'), '--key-event', `${issuerDid}#nope=compromised@${at(0)}`);
    expect(e.code).toBe(2);
    expect((await run('bundle', '--publisher-key', f('publisher.json'), '--accreditation', f('acc.jwt'))).code).toBe(2);
    expect((await run('bundle', '--publisher-key', f('publisher.json'), '--root', rootDid, '--delta-out', f('x.jws'))).code).toBe(2);
  });
});
