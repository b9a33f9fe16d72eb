import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJws, type JWK } from '@elicense/core';
import { verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import { claims, run } from './helpers.js';

/** The stable error code a failed command printed (`elicense <cmd>: ERR_…: message`). */
function errorCode(r: { err: string }): string | undefined {
  return /: (ERR_[A-Z_]+):/.exec(r.err)?.[1];
}

interface Check {
  check: string;
  ok: boolean;
  skipped?: boolean;
  code?: string;
}
interface Report {
  kind: string;
  verified: boolean;
  checks: Check[];
  claims: Record<string, unknown>;
}
interface StatusJson {
  ledger: string;
  lists: Array<{ listId: string; uri: string; size: number; allocated: number; revision: number; publishedVersion: number; unpublishedChanges: boolean; anchoredVersion: number; tokenExpiresAt?: number }>;
  pending: Array<{ id: string; listId: string; record: { uri: string; version: number; digest: string }; attempts: number; lastError?: string }>;
  credentials: Array<{ id: string; status: string; listId?: string; idx?: number; format?: string; type?: string }>;
  exported: string[];
  unanchored: Array<{ listId: string; version: number }>;
}
interface Receipt {
  ledger: string;
  record: { uri: string; version: number; digest: string; time: number };
  proof: Record<string, unknown>;
}
interface PublishJson {
  published: Array<{ listId: string; uri: string; version: number; digest: string; token?: string }>;
  anchored: Receipt[];
  pending: StatusJson['pending'];
}
interface ChangeJson extends Partial<PublishJson> {
  changes: Array<{ id: string; status: string; listId: string; idx: number }>;
}

const NONCE = 'c2f1-77ab';
const AUD = 'https://bank.example.cn';
const repoRoot = new URL('../../../', import.meta.url).pathname;

describe('elicense revocation registry commands', () => {
  let dir: string;
  let issuerDid: string;
  let issuerKey: string;
  let otherKey: string;
  let holderKey: string;
  let claimsFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'elicense-cli-registry-'));
    claimsFile = join(dir, 'claims.json');
    issuerKey = join(dir, 'issuer.json');
    otherKey = join(dir, 'other-issuer.json');
    holderKey = join(dir, 'holder.json');
    await writeFile(claimsFile, JSON.stringify(claims));
    const issuer = await run('keys', '--out', issuerKey, '--json');
    expect(issuer.code).toBe(0);
    issuerDid = (JSON.parse(issuer.out) as { did: string }).did;
    expect((await run('keys', '--out', otherKey)).code).toBe(0);
    expect((await run('keys', '--alg', 'EdDSA', '--out', holderKey)).code).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Issue a business licence into a registry; returns its id and status entry. */
  async function issue(registry: string, out: string, ...extra: string[]): Promise<{ id: string; status: { listId: string; uri: string; idx: number }; credential: string }> {
    const r = await run('issue', '--type', 'business_licence', '--claims', claimsFile, '--holder', holderKey, '--issuer-key', issuerKey, '--registry', registry, '--out', out, '--json', ...extra);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as { id: string; status: { listId: string; uri: string; idx: number }; credential: string };
  }

  async function present(credential: string, out: string): Promise<void> {
    const r = await run('present', '--credential', credential, '--holder-key', holderKey, '--reveal', 'enterprise_name', '--nonce', NONCE, '--aud', AUD, '--out', out);
    expect(r.code).toBe(0);
  }

  async function exportLists(registry: string, to: string): Promise<StatusJson> {
    const r = await run('status', '--registry', registry, '--export', to, '--json');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as StatusJson;
  }

  /** Verify a presentation against status list files and anchors; the exit code and the parsed report. */
  async function verify(presentation: string, lists: string[], anchors?: string): Promise<{ code: number; report: Report }> {
    const args = ['verify', presentation, '--trust', issuerDid, '--nonce', NONCE, '--aud', AUD, '--json'];
    for (const l of lists) args.push('--status-list', l);
    if (anchors !== undefined) args.push('--anchors', anchors);
    const r = await run(...args);
    expect(r.err).toBe('');
    return { code: r.code, report: JSON.parse(r.out) as Report };
  }

  function statusCheck(report: Report): Check {
    const c = report.checks.find((x) => x.check === 'status');
    expect(c).toBeDefined();
    return c!;
  }

  /** Every check but `status` passed: the refusal is the status, nothing else. */
  function onlyStatusFails(report: Report, code: string): void {
    expect(report.verified).toBe(false);
    expect(report.checks.filter((c) => !c.ok && !c.skipped).map((c) => [c.check, c.code])).toEqual([['status', code]]);
  }

  it('walkthrough: issue --registry → publish → present → verify 0 → revoke → status --export → verify 1 with ERR_STATUS_REVOKED', async () => {
    const reg = join(dir, 'walkthrough');
    const cred = join(dir, 'walk-cred.txt');
    const pres = join(dir, 'walk-pres.txt');
    const issued = await issue(reg, cred);
    expect(issued.id).toMatch(/^urn:uuid:/);
    expect(issued.status.uri).toBe(`https://status.licensing.gov.example/lists/${issued.status.listId}`);
    expect(Number.isSafeInteger(issued.status.idx)).toBe(true);
    // the credential names its status list entry (IETF Token Status List)
    const { payload } = decodeJws(issued.credential.split('~')[0]!);
    expect(payload.status).toEqual({ status_list: { idx: issued.status.idx, uri: issued.status.uri } });

    // never published yet: nothing to export but an empty anchors file
    const before = await exportLists(reg, join(dir, 'walk-export-0'));
    expect(before.exported).toEqual([join(dir, 'walk-export-0', 'anchors.json'), join(dir, 'walk-export-0', 'ledger.json')]);
    expect(JSON.parse(await readFile(join(dir, 'walk-export-0', 'anchors.json'), 'utf8'))).toEqual([]);

    const published = await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(published.code).toBe(0);
    const pub = JSON.parse(published.out) as PublishJson;
    expect(pub.published).toHaveLength(1);
    expect(pub.published[0]).toMatchObject({ listId: issued.status.listId, uri: issued.status.uri, version: 1 });
    expect(pub.published[0]!.token).toBeUndefined(); // tokens are exported, not printed
    expect(pub.anchored.map((a) => [a.record.uri, a.record.version, a.record.digest])).toEqual([[issued.status.uri, 1, pub.published[0]!.digest]]);
    expect(pub.pending).toEqual([]);

    await present(cred, pres);
    const v1Dir = join(dir, 'walk-export-1');
    const v1 = await exportLists(reg, v1Dir);
    expect((await readdir(v1Dir)).sort()).toEqual([`${issued.status.listId}.statuslist.jwt`, 'anchors.json', 'ledger.json']);
    // the ledger's public key proves the exported receipts offline
    const ledgerFile = JSON.parse(await readFile(join(v1Dir, 'ledger.json'), 'utf8')) as { id: string; publicJwk: JWK };
    const receipts = JSON.parse(await readFile(join(v1Dir, 'anchors.json'), 'utf8')) as AnchorReceipt[];
    expect(receipts.map((r) => r.ledger)).toEqual([ledgerFile.id]);
    expect(await verifyFileLedgerReceipt(receipts[0]!, ledgerFile.publicJwk)).toEqual(receipts[0]!.record);
    expect(v1.unanchored).toEqual([]);
    const v1List = join(v1Dir, `${issued.status.listId}.statuslist.jwt`);
    const v1Anchors = join(v1Dir, 'anchors.json');
    const ok = await verify(pres, [v1List], v1Anchors);
    expect(ok.code).toBe(0);
    expect(ok.report.verified).toBe(true);
    expect(statusCheck(ok.report)).toMatchObject({ ok: true });
    expect(ok.report.claims).toEqual({ enterprise_name: claims.enterprise_name });

    const revoked = await run('revoke', issued.id, '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(revoked.code).toBe(0);
    const change = JSON.parse(revoked.out) as ChangeJson;
    expect(change.changes).toEqual([{ id: issued.id, status: 'revoked', listId: issued.status.listId, idx: issued.status.idx }]);
    expect(change.published?.map((p) => p.version)).toEqual([2]);
    expect(change.anchored?.map((a) => a.record.version)).toEqual([2]);
    expect(change.pending).toEqual([]);

    const v2Dir = join(dir, 'walk-export-2');
    const v2 = await exportLists(reg, v2Dir);
    expect(v2.lists).toMatchObject([{ listId: issued.status.listId, publishedVersion: 2, anchoredVersion: 2, unpublishedChanges: false }]);
    const v2List = join(v2Dir, `${issued.status.listId}.statuslist.jwt`);
    const v2Anchors = join(v2Dir, 'anchors.json');
    const anchors = JSON.parse(await readFile(v2Anchors, 'utf8')) as Receipt[];
    expect(anchors.map((a) => [a.ledger, a.record.uri, a.record.version])).toEqual([[v2.ledger, issued.status.uri, 2]]);

    const refused = await verify(pres, [v2List], v2Anchors);
    expect(refused.code).toBe(1);
    onlyStatusFails(refused.report, 'ERR_STATUS_REVOKED');

    // the holder's old list (before the revocation) against the ledger's newer anchors: refused
    const stale = await verify(pres, [v1List], v2Anchors);
    expect(stale.code).toBe(1);
    onlyStatusFails(stale.report, 'ERR_ANCHOR_MISMATCH');
    // no list at all for the credential's status entry: never passed silently
    const none = await verify(pres, []);
    expect(none.code).toBe(1);
    onlyStatusFails(none.report, 'ERR_STATUS_UNAVAILABLE');

    // the credential as issued (no key binding) is refused the same way
    const asIssued = await run('verify', cred, '--trust', issuerDid, '--status-list', v2List, '--anchors', v2Anchors, '--json');
    expect(asIssued.code).toBe(1);
    onlyStatusFails(JSON.parse(asIssued.out) as Report, 'ERR_STATUS_REVOKED');

    // and the text report names the failing check and its code
    const text = await run('verify', pres, '--trust', issuerDid, '--nonce', NONCE, '--aud', AUD, '--status-list', v2List, '--anchors', v2Anchors);
    expect(text.code).toBe(1);
    expect(text.out).toContain('ERR_STATUS_REVOKED');
  });

  it('suspend → ERR_STATUS_SUSPENDED, reinstate → verified again; revocation is final (ERR_STATUS_TRANSITION_INVALID)', async () => {
    const reg = join(dir, 'suspension');
    const cred = join(dir, 'susp-cred.txt');
    const pres = join(dir, 'susp-pres.txt');
    const { id, status } = await issue(reg, cred);
    await present(cred, pres);
    const listFile = (d: string): string => join(d, `${status.listId}.statuslist.jwt`);

    const suspended = await run('suspend', id, '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(suspended.code).toBe(0);
    const s = JSON.parse(suspended.out) as ChangeJson;
    expect(s.changes.map((c) => c.status)).toEqual(['suspended']);
    expect(s.published?.map((p) => p.version)).toEqual([1]);
    await exportLists(reg, join(dir, 'susp-1'));
    const r1 = await verify(pres, [listFile(join(dir, 'susp-1'))], join(dir, 'susp-1', 'anchors.json'));
    expect(r1.code).toBe(1);
    onlyStatusFails(r1.report, 'ERR_STATUS_SUSPENDED');

    const reinstated = await run('reinstate', id, '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(reinstated.code).toBe(0);
    expect((JSON.parse(reinstated.out) as ChangeJson).changes.map((c) => c.status)).toEqual(['valid']);
    await exportLists(reg, join(dir, 'susp-2'));
    const r2 = await verify(pres, [listFile(join(dir, 'susp-2'))], join(dir, 'susp-2', 'anchors.json'));
    expect(r2.code).toBe(0);
    expect(statusCheck(r2.report).ok).toBe(true);

    // revoke, then neither reinstate nor suspend can undo it, and nothing is published by the refusals
    expect((await run('revoke', id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
    for (const action of ['reinstate', 'suspend']) {
      const r = await run(action, id, '--registry', reg, '--issuer-key', issuerKey);
      expect(r.code).toBe(1);
      expect(errorCode(r)).toBe('ERR_STATUS_TRANSITION_INVALID');
    }
    // revoking again is a no-op that succeeds
    expect((await run('revoke', id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
    const st = JSON.parse((await run('status', '--registry', reg, id, '--json')).out) as StatusJson;
    expect(st.credentials).toMatchObject([{ id, status: 'revoked', listId: status.listId, idx: status.idx }]);
    expect(st.lists[0]).toMatchObject({ publishedVersion: 3, anchoredVersion: 3, unpublishedChanges: false });
  });

  it('--no-publish records the change only; publish signs and anchors it; publish --force signs an unchanged list anew', async () => {
    const reg = join(dir, 'no-publish');
    const a = await issue(reg, join(dir, 'np-a.txt'));
    const b = await issue(reg, join(dir, 'np-b.txt'));
    expect(b.status.listId).toBe(a.status.listId);
    expect(b.status.idx).not.toBe(a.status.idx);

    const r = await run('revoke', a.id, b.id, '--registry', reg, '--issuer-key', issuerKey, '--no-publish', '--json');
    expect(r.code).toBe(0);
    const change = JSON.parse(r.out) as ChangeJson;
    expect(change.changes.map((c) => [c.id, c.status])).toEqual([
      [a.id, 'revoked'],
      [b.id, 'revoked'],
    ]);
    expect(change.published).toBeUndefined();
    expect(change.anchored).toBeUndefined();

    const st = JSON.parse((await run('status', '--registry', reg, a.id, b.id, 'urn:uuid:00000000-0000-4000-8000-000000000000', '--json')).out) as StatusJson;
    expect(st.lists).toEqual([
      expect.objectContaining({ listId: a.status.listId, uri: a.status.uri, size: 131072, allocated: 2, revision: 1, publishedVersion: 0, unpublishedChanges: true, anchoredVersion: 0 }),
    ]);
    expect(st.credentials.map((c) => [c.id, c.status])).toEqual([
      [a.id, 'revoked'],
      [b.id, 'revoked'],
      ['urn:uuid:00000000-0000-4000-8000-000000000000', 'unknown'],
    ]);
    expect(st.credentials[0]).toMatchObject({ type: 'business_licence', format: 'dc+sd-jwt', idx: a.status.idx });

    const text = await run('status', '--registry', reg);
    expect(text.code).toBe(0);
    expect(text.out).toContain(a.status.uri);
    expect(text.out).toContain('changes not yet published');

    const p1 = JSON.parse((await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--json')).out) as PublishJson;
    expect(p1.published.map((p) => p.version)).toEqual([1]);
    const p2 = await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(p2.code).toBe(0);
    expect((JSON.parse(p2.out) as PublishJson).published).toEqual([]);
    const p3 = JSON.parse((await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--force', '--json')).out) as PublishJson;
    expect(p3.published.map((p) => p.version)).toEqual([2]);
    expect(p3.anchored.map((x) => x.record.version)).toEqual([2]);
    const after = JSON.parse((await run('status', '--registry', reg, '--json')).out) as StatusJson;
    expect(after.lists[0]).toMatchObject({ publishedVersion: 2, anchoredVersion: 2, unpublishedChanges: false });
    expect(after.pending).toEqual([]);
  });

  it('status shows a publication the ledger refused as pending; publish exits 1 while it waits; the stale export is refused (ERR_ANCHOR_MISMATCH)', async () => {
    // An issuer store restored from a backup older than the ledger cannot rewrite the anchored history.
    const reg = join(dir, 'restored');
    const cred = join(dir, 'restored-cred.txt');
    const pres = join(dir, 'restored-pres.txt');
    const { id, status } = await issue(reg, cred);
    await present(cred, pres);
    expect((await run('publish', '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
    await cp(join(reg, 'store'), join(dir, 'restored-backup'), { recursive: true });
    expect((await run('revoke', id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0); // version 2, anchored
    await rm(join(reg, 'store'), { recursive: true });
    await cp(join(dir, 'restored-backup'), join(reg, 'store'), { recursive: true });

    // the restored store publishes its own version 2, which the ledger already holds with another digest
    const s = await run('suspend', id, '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(s.code).toBe(0);
    const change = JSON.parse(s.out) as ChangeJson;
    expect(change.published?.map((p) => p.version)).toEqual([2]);
    expect(change.anchored).toEqual([]);
    expect(change.pending?.map((p) => [p.record.uri, p.record.version])).toEqual([[status.uri, 2]]);
    expect(change.pending?.[0]?.lastError).toMatch(/^ERR_LEDGER_CONFLICT/);

    const st = await exportLists(reg, join(dir, 'restored-export'));
    expect(st.lists).toMatchObject([{ listId: status.listId, publishedVersion: 2, anchoredVersion: 1 }]);
    expect(st.pending).toMatchObject([{ listId: status.listId, record: { uri: status.uri, version: 2 }, attempts: 1 }]);
    expect(st.unanchored).toEqual([{ listId: status.listId, version: 2 }]);
    const text = await run('status', '--registry', reg);
    expect(text.out).toContain('pending anchor');
    expect(text.out).toContain('ERR_LEDGER_CONFLICT');

    const again = await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--json');
    expect(again.code).toBe(1);
    expect((JSON.parse(again.out) as PublishJson).pending).toHaveLength(1);

    // the exported token is the unanchored one: a verifier holding the ledger's anchors refuses it
    const r = await verify(pres, [join(dir, 'restored-export', `${status.listId}.statuslist.jwt`)], join(dir, 'restored-export', 'anchors.json'));
    expect(r.code).toBe(1);
    onlyStatusFails(r.report, 'ERR_ANCHOR_MISMATCH');
  });

  it('issues a W3C VC JWT with --format jwt_vc --registry; without status lists verify refuses it (ERR_STATUS_UNAVAILABLE)', async () => {
    const reg = join(dir, 'jwt-vc');
    const out = join(dir, 'vc.jwt');
    const issued = await issue(reg, out, '--format', 'jwt_vc');
    const { payload } = decodeJws(await readFile(out, 'utf8').then((t) => t.trim()));
    const vc = payload.vc as { credentialStatus?: unknown };
    const entries = (Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus]) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e.type, e.statusPurpose, e.statusListCredential, e.statusListIndex])).toEqual(
      expect.arrayContaining([['BitstringStatusListEntry', 'revocation', `${issued.status.uri}/revocation`, String(issued.status.idx)]]),
    );

    const r = await run('verify', out, '--trust', issuerDid, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as Report;
    expect(report.kind).toBe('jwt_vc');
    onlyStatusFails(report, 'ERR_STATUS_UNAVAILABLE');

    const st = JSON.parse((await run('status', '--registry', reg, issued.id, '--json')).out) as StatusJson;
    expect(st.credentials).toMatchObject([{ id: issued.id, format: 'jwt_vc', status: 'valid' }]);
    expect((await run('revoke', issued.id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
  });

  it('refuses bad input: unknown id (all or none), missing flags, no registry, another issuer key, a conflicting --status-base-uri', async () => {
    const reg = join(dir, 'bad-input');
    const { id } = await issue(reg, join(dir, 'bad-cred.txt'), '--status-base-uri', 'https://status.gov.example/sz');
    expect((await run('publish', '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);

    // one unknown id: nothing changes
    const unknown = await run('revoke', id, 'urn:uuid:not-issued-here', '--registry', reg, '--issuer-key', issuerKey);
    expect(unknown.code).toBe(1);
    expect(errorCode(unknown)).toBe('ERR_CREDENTIAL_NOT_FOUND');
    const st = JSON.parse((await run('status', '--registry', reg, id, '--json')).out) as StatusJson;
    expect(st.credentials.map((c) => c.status)).toEqual(['valid']);
    expect(st.lists).toMatchObject([{ uri: expect.stringMatching(/^https:\/\/status\.gov\.example\/sz\//) as unknown, revision: 0, publishedVersion: 1 }]);

    const usage: string[][] = [
      ['revoke', id, '--issuer-key', issuerKey],
      ['revoke', id, '--registry', reg],
      ['revoke', '--registry', reg, '--issuer-key', issuerKey],
      ['suspend', id, '--registry', reg],
      ['reinstate', id, '--issuer-key', issuerKey],
      ['publish', '--registry', reg],
      ['publish', '--issuer-key', issuerKey],
      ['status'],
      ['status', '--registry', reg, '--retry'],
      ['status', '--registry', reg, '--export', claimsFile],
      ['revoke', id, '--registry', reg, '--issuer-key', join(dir, 'no-such-key.json')],
      ['revoke', id, '--registry', reg, '--issuer-key', claimsFile],
      // the lists of this registry are signed by another DID: publishing with this key would break every verification
      ['revoke', id, '--registry', reg, '--issuer-key', otherKey],
      ['publish', '--registry', reg, '--issuer-key', issuerKey, '--did-web', 'licensing.gov.example'],
      // the registry publishes under its own base URI
      ['issue', '--type', 'business_licence', '--claims', claimsFile, '--holder', holderKey, '--issuer-key', issuerKey, '--registry', reg, '--status-base-uri', 'https://status.gov.example/other'],
      ['issue', '--type', 'business_licence', '--claims', claimsFile, '--holder', holderKey, '--issuer-key', issuerKey, '--status-base-uri', 'https://status.gov.example/sz'],
    ];
    for (const argv of usage) {
      const r = await run(...argv);
      expect({ argv, code: r.code, error: errorCode(r) }).toEqual({ argv, code: 2, error: 'ERR_INVALID_ARGUMENT' });
    }
    // the refusals changed nothing
    const after = JSON.parse((await run('status', '--registry', reg, id, '--json')).out) as StatusJson;
    expect(after.credentials.map((c) => c.status)).toEqual(['valid']);
    expect(after.lists).toMatchObject([{ allocated: 1, revision: 0, publishedVersion: 1, anchoredVersion: 1 }]);

    // the same base URI again is fine
    await issue(reg, join(dir, 'bad-cred-2.txt'), '--status-base-uri', 'https://status.gov.example/sz');

    // commands other than issue never create a registry where there is none
    const missing = join(dir, 'no-registry-here');
    for (const argv of [
      ['status', '--registry', missing],
      ['revoke', id, '--registry', missing, '--issuer-key', issuerKey],
      ['publish', '--registry', missing, '--issuer-key', issuerKey],
    ]) {
      const r = await run(...argv);
      expect([r.code, errorCode(r)]).toEqual([2, 'ERR_INVALID_ARGUMENT']);
    }
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a damaged registry: garbage registry.json or ledger-key.json (ERR_STORE_CORRUPT), a tampered ledger.jsonl (ERR_LEDGER_TAMPERED)', async () => {
    const reg = join(dir, 'damaged');
    const { id } = await issue(reg, join(dir, 'damaged-cred.txt'));
    const pub = JSON.parse((await run('publish', '--registry', reg, '--issuer-key', issuerKey, '--json')).out) as PublishJson;
    const digest = pub.anchored[0]!.record.digest;
    const files = ['registry.json', 'ledger-key.json', 'ledger.jsonl'];
    const originals = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(join(reg, f), 'utf8')] as const)));
    const commands = [
      ['status', '--registry', reg],
      ['revoke', id, '--registry', reg, '--issuer-key', issuerKey],
      ['issue', '--type', 'business_licence', '--claims', claimsFile, '--holder', holderKey, '--issuer-key', issuerKey, '--registry', reg],
    ];
    const restore = async (): Promise<void> => {
      for (const f of files) await writeFile(join(reg, f), originals[f]!);
    };
    const damage: Array<[string, () => Promise<void>, string]> = [
      ['registry.json cut short', () => writeFile(join(reg, 'registry.json'), '{"baseUri": "https://status.licensing'), 'ERR_STORE_CORRUPT'],
      ['registry.json not an object', () => writeFile(join(reg, 'registry.json'), '["https://status.licensing.gov.example/lists"]\n'), 'ERR_STORE_CORRUPT'],
      ['registry.json without baseUri', () => writeFile(join(reg, 'registry.json'), '{"base": "https://status.licensing.gov.example/lists"}\n'), 'ERR_STORE_CORRUPT'],
      ['ledger-key.json not JSON', () => writeFile(join(reg, 'ledger-key.json'), 'not json at all'), 'ERR_STORE_CORRUPT'],
      ['ledger-key.json not a ledger key', () => writeFile(join(reg, 'ledger-key.json'), '{"kty":"oct","k":"c2VjcmV0"}\n'), 'ERR_STORE_CORRUPT'],
      // without its key a ledger can be neither checked nor extended: a lost key is not silently replaced
      ['ledger-key.json missing', () => rm(join(reg, 'ledger-key.json')), 'ERR_STORE_CORRUPT'],
      // a registry.json lost while the store holds lists: the base URI is not silently reset
      ['registry.json missing', () => rm(join(reg, 'registry.json')), 'ERR_STORE_CORRUPT'],
      // the anchored digest rewritten in place: the hash chain no longer holds
      [
        'ledger.jsonl rewritten',
        () => writeFile(join(reg, 'ledger.jsonl'), originals['ledger.jsonl']!.replace(digest, `${digest.slice(0, -1)}${digest.endsWith('A') ? 'B' : 'A'}`)),
        'ERR_LEDGER_TAMPERED',
      ],
    ];
    for (const [what, apply, code] of damage) {
      await apply();
      for (const argv of commands) {
        const r = await run(...argv);
        expect({ what, command: argv[0], code: r.code, error: errorCode(r) }).toEqual({ what, command: argv[0], code: 1, error: code });
      }
      await restore();
    }

    // repaired: the registry works again and lost nothing
    const st = JSON.parse((await run('status', '--registry', reg, id, '--json')).out) as StatusJson;
    expect(st.credentials.map((c) => c.status)).toEqual(['valid']);
    expect(st.lists).toMatchObject([{ allocated: 1, publishedVersion: 1, anchoredVersion: 1 }]);
    expect((await run('revoke', id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
  });

  it('two commands on one registry at once: the second gets a lock error, nothing is corrupted', async () => {
    const reg = join(dir, 'concurrent');
    const a = await issue(reg, join(dir, 'conc-a.txt'));
    const b = await issue(reg, join(dir, 'conc-b.txt'));
    const [first, second] = await Promise.all([
      run('revoke', a.id, '--registry', reg, '--issuer-key', issuerKey),
      run('suspend', b.id, '--registry', reg, '--issuer-key', issuerKey),
    ]);
    const results = [first, second].map((r) => [r.code, errorCode(r)]);
    expect(results.filter(([code]) => code === 0)).toHaveLength(1);
    const [failed] = results.filter(([code]) => code !== 0);
    expect(failed![0]).toBe(1);
    expect(['ERR_STORE_LOCKED', 'ERR_LEDGER_LOCKED']).toContain(failed![1]);

    // exactly the command that ran took effect, and the registry is sound
    const st = JSON.parse((await run('status', '--registry', reg, a.id, b.id, '--json')).out) as StatusJson;
    expect(st.credentials.map((c) => c.status)).toEqual(first.code === 0 ? ['revoked', 'valid'] : ['valid', 'suspended']);
    expect(st.lists).toMatchObject([{ allocated: 2, revision: 1, publishedVersion: 1, anchoredVersion: 1 }]);
    // the refused command runs once the other has finished
    const retry = first.code === 0 ? await run('suspend', b.id, '--registry', reg, '--issuer-key', issuerKey) : await run('revoke', a.id, '--registry', reg, '--issuer-key', issuerKey);
    expect(retry.code).toBe(0);
    const final = JSON.parse((await run('status', '--registry', reg, a.id, b.id, '--json')).out) as StatusJson;
    expect(final.credentials.map((c) => c.status)).toEqual(['revoked', 'suspended']);
    expect(final.lists).toMatchObject([{ revision: 2, publishedVersion: 2, anchoredVersion: 2 }]);

    // a first use of a new registry by two commands at once creates one registry, not two half ones
    const fresh = join(dir, 'concurrent-fresh');
    const both = await Promise.all([0, 1].map((i) => run('issue', '--type', 'business_licence', '--claims', claimsFile, '--holder', holderKey, '--issuer-key', issuerKey, '--registry', fresh, '--out', join(dir, `fresh-${i}.txt`))));
    expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
    expect(['ERR_STORE_LOCKED', 'ERR_LEDGER_LOCKED']).toContain(errorCode(both.find((r) => r.code === 1)!));
    expect((await run('publish', '--registry', fresh, '--issuer-key', issuerKey)).code).toBe(0);
    expect((JSON.parse((await run('status', '--registry', fresh, '--json')).out) as StatusJson).lists).toMatchObject([{ allocated: 1, anchoredVersion: 1 }]);
  });

  it('a registry held open by another process is refused with ERR_STORE_LOCKED / ERR_LEDGER_LOCKED until it is released', async () => {
    const reg = join(dir, 'held');
    const { id } = await issue(reg, join(dir, 'held-cred.txt'));
    const holders: Array<[string, string]> = [
      [
        'ERR_STORE_LOCKED',
        `import { FileIssuerStore } from '@elicense/issuer/node';
         const held = await FileIssuerStore.open(process.argv[1] + '/store');
         process.stdout.write('ready\\n');
         process.stdin.resume();
         process.stdin.on('end', () => held.close().then(() => process.exit(0)));`,
      ],
      [
        'ERR_LEDGER_LOCKED',
        `import { readFileSync } from 'node:fs';
         import { FileLedger } from '@elicense/ledger/node';
         const dir = process.argv[1];
         const held = await FileLedger.open({ path: dir + '/ledger.jsonl', signingKey: JSON.parse(readFileSync(dir + '/ledger-key.json', 'utf8')) });
         process.stdout.write('ready\\n');
         process.stdin.resume();
         process.stdin.on('end', () => held.close().then(() => process.exit(0)));`,
      ],
    ];
    for (const [code, script] of holders) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, reg], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => [Buffer.from(stderr)])])) as [Buffer];
      expect(chunk.toString()).toBe('ready\n');
      try {
        for (const argv of [
          ['status', '--registry', reg],
          ['revoke', id, '--registry', reg, '--issuer-key', issuerKey],
        ]) {
          const r = await run(...argv);
          expect([argv[0], r.code, errorCode(r)]).toEqual([argv[0], 1, code]);
        }
      } finally {
        child.stdin.end();
        if (child.exitCode === null) await once(child, 'exit');
      }
      expect(child.exitCode).toBe(0);
    }
    // released: nothing was changed while it was held, and the registry works
    const st = JSON.parse((await run('status', '--registry', reg, id, '--json')).out) as StatusJson;
    expect(st.credentials.map((c) => c.status)).toEqual(['valid']);
    expect((await run('revoke', id, '--registry', reg, '--issuer-key', issuerKey)).code).toBe(0);
  });

  it('property: any sequence of revoke / suspend / reinstate leaves each credential as the status model says, and exits as it says', async () => {
    type Action = 'revoke' | 'suspend' | 'reinstate';
    const next: Record<Action, string> = { revoke: 'revoked', suspend: 'suspended', reinstate: 'valid' };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom<Action>('revoke', 'suspend', 'reinstate'), fc.subarray([0, 1], { minLength: 1 })), { minLength: 1, maxLength: 5 }), async (steps) => {
        const reg = join(dir, `model-${n++}`);
        const ids = [(await issue(reg, join(dir, 'model-a.txt'))).id, (await issue(reg, join(dir, 'model-b.txt'))).id];
        const model = ['valid', 'valid'];
        for (const [action, which] of steps) {
          const r = await run(action, ...which.map((i) => ids[i]!), '--registry', reg, '--issuer-key', issuerKey, '--no-publish');
          const allowed = which.every((i) => model[i] !== 'revoked' || action === 'revoke');
          expect([r.code, errorCode(r)]).toEqual(allowed ? [0, undefined] : [1, 'ERR_STATUS_TRANSITION_INVALID']);
          if (allowed) for (const i of which) model[i] = next[action];
        }
        const st = JSON.parse((await run('status', '--registry', reg, ...ids, '--json')).out) as StatusJson;
        expect(st.credentials.map((c) => c.status)).toEqual(model);
        await rm(reg, { recursive: true });
      }),
      { numRuns: 12 },
    );
  });
});
