import { ElicenseError, decodeJws, isElicenseError, readClock } from '@elicense/core';
import { didOfUrl } from '@elicense/did';
import { verifyStatusListToken } from '@elicense/status';
import type { StatusList } from '@elicense/status';
import type { WalletContext } from './internal/context.js';
import { resolverOf } from './internal/resolver.js';
import { CREDENTIAL_PREFIX, credentialRecordId, credentialValue, readCredentialRecord, stateOf } from './internal/records.js';
import type { CredentialRecord } from './internal/records.js';
import type { StatusRefresh } from './types.js';

/**
 * Check stored credentials against their issuers' status lists (IETF Token Status List): fetch each
 * list once, verify the token (`statuslist+jwt`, signed by an assertion key of the credential's
 * issuer, `sub` equal to the list URI, not expired), read the credential's index and store the
 * value. A credential whose check fails keeps its last known status; the failure is reported.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-verification-and-processing
 */
export async function refreshCredentialStatus(ctx: WalletContext, ids: readonly string[] | undefined): Promise<StatusRefresh[]> {
  const now = readClock(ctx.now);
  const recordIds = ids === undefined ? (await ctx.vault.ids()).filter((r) => r.startsWith(CREDENTIAL_PREFIX)) : ids.map(credentialRecordId);
  const lists = new Map<string, Promise<{ list: StatusList; iat: number }>>();
  const out: StatusRefresh[] = [];
  for (const rid of recordIds) {
    const entry = await ctx.vault.get(rid);
    if (entry === undefined) {
      throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(rid.slice(CREDENTIAL_PREFIX.length))} in this wallet`);
    }
    const c = readCredentialRecord(rid, entry.value);
    const ref = c.statusReference;
    if (ref === undefined) {
      out.push({ id: c.id, state: stateOf(c, now), checked: false });
      continue;
    }
    try {
      const key = `${c.issuer} ${ref.uri}`;
      let p = lists.get(key);
      if (p === undefined) {
        p = fetchAndVerify(ctx, c.issuer, ref.uri, now);
        lists.set(key, p);
      }
      const { list, iat } = await p;
      const value = list.get(ref.idx);
      const updated = await ctx.exclusive(async () => {
        const fresh = await ctx.vault.get(rid);
        if (fresh === undefined) return undefined;
        const current = readCredentialRecord(rid, fresh.value);
        const next: CredentialRecord = { ...current, status: { value, checkedAt: now, listIssuedAt: iat } };
        await ctx.vault.commit({ put: [[rid, { value: credentialValue(next) }]] });
        return next;
      });
      out.push({ id: c.id, state: stateOf(updated ?? c, now), checked: updated !== undefined });
    } catch (cause) {
      const e = isElicenseError(cause) ? cause : new ElicenseError('ERR_STATUS_UNAVAILABLE', `status of ${c.id} could not be checked`, { cause });
      out.push({ id: c.id, state: stateOf(c, now), checked: false, error: { code: e.code, message: e.message } });
    }
  }
  return out;
}

async function fetchAndVerify(ctx: WalletContext, iss: string, uri: string, now: number): Promise<{ list: StatusList; iat: number }> {
  let token: unknown;
  try {
    token = await (ctx.fetchStatusList ?? fetchStatusListToken)(uri);
  } catch (cause) {
    if (isElicenseError(cause)) throw cause;
    throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the status list at ${uri} could not be fetched: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, details: { uri } });
  }
  if (typeof token !== 'string') throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `fetching ${uri} gave no status list token`, { details: { uri } });
  const { header } = decodeJws(token, 'ERR_STATUS_LIST_INVALID', 'status list token');
  const kid = header.kid;
  if (typeof kid !== 'string' || didOfUrl(kid) !== iss) {
    throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list at ${uri} is not signed by a key of the credential's issuer ${iss}`, { details: { uri, kid } });
  }
  const { publicJwk } = await resolverOf(ctx).resolveKey(kid, 'assertionMethod');
  const verified = await verifyStatusListToken(token, { key: publicJwk, uri, now });
  if (verified.issuer !== undefined && verified.issuer !== iss) {
    throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list at ${uri} was issued by ${verified.issuer}, not by ${iss}`, { details: { uri } });
  }
  return { list: verified.list, iat: verified.iat };
}

/** Largest status list token the default fetcher reads (a 10M-entry 2-bit list compresses far below this). */
const MAX_TOKEN_BYTES = 8 << 20;

/**
 * The default status list fetcher: the platform `fetch`, `Accept: application/statuslist+jwt`,
 * HTTP errors and oversized bodies refused with `ERR_STATUS_UNAVAILABLE`.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-list-request
 */
export async function fetchStatusListToken(uri: string): Promise<string> {
  if (typeof fetch !== 'function') throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'this platform has no fetch; pass fetchStatusList to the wallet');
  const res = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' }, redirect: 'follow' });
  if (!res.ok) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `GET ${uri} answered HTTP ${res.status}`, { details: { uri, status: res.status } });
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_TOKEN_BYTES) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the status list at ${uri} is larger than ${MAX_TOKEN_BYTES} bytes`, { details: { uri } });
  const text = (await res.text()).trim();
  if (text.length > MAX_TOKEN_BYTES) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the status list at ${uri} is larger than ${MAX_TOKEN_BYTES} bytes`, { details: { uri } });
  return text;
}
