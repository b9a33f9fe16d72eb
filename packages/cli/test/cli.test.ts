import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64urlToString, encodeBase64url } from '@elicense/core';
import { claims, run } from './helpers.js';

describe('elicense CLI', () => {
  let dir: string;
  let issuerDid: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'elicense-cli-'));
    await writeFile(join(dir, 'claims.json'), JSON.stringify(claims));
    const issuer = await run('keys', '--out', join(dir, 'issuer.json'), '--json');
    expect(issuer.code).toBe(0);
    issuerDid = (JSON.parse(issuer.out) as { did: string }).did;
    expect((await run('keys', '--alg', 'EdDSA', '--out', join(dir, 'holder.json'))).code).toBe(0);
  });

  it('the installed `elicense` binary runs and exits with the documented codes', () => {
    const bin = new URL('../../../node_modules/.bin/elicense', import.meta.url).pathname;
    const help = spawnSync(bin, ['help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('elicense verify FILE');
    expect(spawnSync(bin, ['verify'], { encoding: 'utf8' }).status).toBe(2);
  });

  it('demo tells the whole story and ends verified', async () => {
    const r = await run('demo', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { asExpected: boolean; results: { scene: string; report: { verified: boolean; claims: object; checks: { ok: boolean; code?: string }[] } }[] };
    expect(out.asExpected).toBe(true);
    const byScene = Object.fromEntries(out.results.map((x) => [x.scene, x.report]));
    expect(byScene.bank!.claims).toEqual({ enterprise_name: '深圳市星河科技有限公司', unified_social_credit_code: '91440300MA5FUTH27C' });
    expect(byScene.hotel!.claims).toEqual({ age_over_18: true });
    expect(byScene.tampered!.verified).toBe(false);
    expect(byScene.tampered!.checks.find((c) => !c.ok)?.code).toBe('ERR_DISCLOSURE_UNREFERENCED');
    expect(byScene.replayed!.verified).toBe(false);
    // the citizen's wallet, refreshing status after the revocation, marks the driving licence
    expect((JSON.parse(r.out) as { walletStates: Record<string, string> }).walletStates).toEqual({
      business_licence: 'valid',
      resident_id_card: 'valid',
      driving_licence: 'revoked',
      marriage_certificate: 'valid',
    });
    // offline, from the trust bundle: no request to any server, a key rotation, a forged licence and a stale bundle
    expect(byScene.offline_hotel!.verified).toBe(true);
    expect(byScene.offline_revoked!.checks.find((c) => !c.ok)?.code).toBe('ERR_STATUS_REVOKED');
    expect(byScene.after_rotation_old_key!.verified).toBe(true);
    expect(byScene.after_rotation_new_key!.verified).toBe(true);
    expect(byScene.forged_with_retired_key!.checks.find((c) => !c.ok)?.code).toBe('ERR_KEY_RETIRED');
    expect(byScene.stale_bundle!.checks.find((c) => !c.ok)?.code).toBe('ERR_BUNDLE_STALE');
    const bundle = (JSON.parse(r.out) as { bundle: { versions: number[]; fullBytes: number[]; deltaBytes: number } }).bundle;
    expect(bundle.versions).toEqual([1, 2]);
    expect(bundle.deltaBytes).toBeLessThan(bundle.fullBytes[1]!);
  });

  it('issue → present → verify on files, with exit codes 0 / 1 / 2', async () => {
    const cred = join(dir, 'cred.txt');
    const pres = join(dir, 'pres.txt');
    const issued = await run('issue', '--type', 'business_licence', '--claims', join(dir, 'claims.json'), '--holder', join(dir, 'holder.json'), '--issuer-key', join(dir, 'issuer.json'), '--out', cred);
    expect(issued.code).toBe(0);
    expect((await run('verify', cred, '--trust', issuerDid)).code).toBe(0);

    const presented = await run('present', '--credential', cred, '--holder-key', join(dir, 'holder.json'), '--reveal', 'enterprise_name,unified_social_credit_code', '--nonce', 'n-123', '--aud', 'https://bank.example.cn', '--out', pres);
    expect(presented.code).toBe(0);

    const ok = await run('verify', pres, '--trust', issuerDid, '--type', 'business_licence', '--nonce', 'n-123', '--aud', 'https://bank.example.cn', '--json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.out) as { verified: boolean; claims: object; kind: string };
    expect(report.kind).toBe('presentation');
    expect(report.claims).toEqual({ enterprise_name: '深圳市星河科技有限公司', unified_social_credit_code: '91440300MA5FUTH27C' });

    // wrong nonce, untrusted issuer, type not allowed: not verified, exit 1, with the failing code
    const wrongNonce = await run('verify', pres, '--trust', issuerDid, '--nonce', 'other', '--aud', 'https://bank.example.cn', '--json');
    expect(wrongNonce.code).toBe(1);
    expect((JSON.parse(wrongNonce.out) as { checks: { ok: boolean; code?: string }[] }).checks.some((c) => c.code === 'ERR_NONCE_MISMATCH')).toBe(true);
    const untrusted = await run('verify', pres, '--trust', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', '--nonce', 'n-123', '--aud', 'https://bank.example.cn', '--json');
    expect(untrusted.code).toBe(1);
    expect((JSON.parse(untrusted.out) as { checks: { code?: string }[] }).checks.some((c) => c.code === 'ERR_ISSUER_UNTRUSTED')).toBe(true);
    expect((await run('verify', pres, '--trust', issuerDid, '--type', 'driving_licence', '--nonce', 'n-123', '--aud', 'https://bank.example.cn')).code).toBe(1);

    // a tampered file
    const text = await readFile(pres, 'utf8');
    const parts = text.trim().split('~');
    const [salt, name] = JSON.parse(decodeBase64urlToString(parts[1]!)) as [string, string];
    parts[1] = encodeBase64url(JSON.stringify([salt, name, 'forged']));
    await writeFile(join(dir, 'forged.txt'), parts.join('~'));
    expect((await run('verify', join(dir, 'forged.txt'), '--trust', issuerDid, '--nonce', 'n-123', '--aud', 'https://bank.example.cn')).code).toBe(1);

    // usage errors
    expect((await run('verify', pres, '--trust', issuerDid)).code).toBe(2);
    expect((await run('verify', pres)).code).toBe(2);
    expect((await run('issue', '--type', 'business_licence')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('refuses invalid claims at issuance with ERR_INVALID_CLAIM naming the field', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...claims, unified_social_credit_code: '91440300MA5FUTH27A' }));
    const r = await run('issue', '--type', 'business_licence', '--claims', join(dir, 'bad.json'), '--holder', join(dir, 'holder.json'), '--issuer-key', join(dir, 'issuer.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('ERR_INVALID_CLAIM');
    expect(r.err).toContain('unified_social_credit_code');
  });

  it('issues a W3C VC JWT that verify accepts', async () => {
    const jwt = join(dir, 'vc.jwt');
    expect((await run('issue', '--type', 'business_licence', '--format', 'jwt_vc', '--claims', join(dir, 'claims.json'), '--holder', join(dir, 'holder.json'), '--issuer-key', join(dir, 'issuer.json'), '--out', jwt)).code).toBe(0);
    const r = await run('verify', jwt, '--trust', issuerDid, '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { kind: string }).kind).toBe('jwt_vc');
  });
});
