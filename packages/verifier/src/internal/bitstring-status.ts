import { ElicenseError, isJsonObject } from '@elicense/core';
import { StatusType, readBitstringStatusListEntry, verifyBitstringStatusListCredentialJwt } from '@elicense/status';
import type { Policy } from './policy.js';
import type { ReportBuilder } from './report.js';
import { statusOutcome } from './status.js';
import type { StatusChecker } from './status.js';

/**
 * Check the `credentialStatus` entries of a W3C VC (Bitstring Status List) against the status
 * lists of the checker's trust source, caching verified lists in the checker. Its own module, so
 * that only a page that verifies W3C VC JWTs loads the Bitstring Status List code.
 *
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 */
export async function checkBitstringStatus(
  checker: StatusChecker,
  policy: Policy,
  iss: string,
  credentialStatus: unknown,
  now: number,
  report: ReportBuilder,
): Promise<'checked' | 'none'> {
  const source = checker.source;
  if (credentialStatus === undefined) {
    if (source.requireStatus) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no credentialStatus, and this verifier requires one');
    return 'none';
  }
  const entries = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
  if (entries.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'credentialStatus is an empty array');
  for (const raw of entries) {
    if (!isJsonObject(raw) || raw.type !== 'BitstringStatusListEntry') {
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `credentialStatus of type ${JSON.stringify(isJsonObject(raw) ? raw.type : raw)} is not supported`);
    }
    const entry = readBitstringStatusListEntry(raw);
    const jwt = await source.statusList(entry.uri);
    const cacheKey = `${entry.statusPurpose} ${jwt}`;
    let held = checker.cached(cacheKey, now, policy.clockTolerance);
    if (held === undefined) {
      const key = await checker.issuerKey(iss, jwt, now);
      const verified = await verifyBitstringStatusListCredentialJwt(jwt, {
        key,
        uri: entry.uri,
        issuer: iss,
        statusPurpose: entry.statusPurpose,
        now,
        clockTolerance: policy.clockTolerance,
        algorithms: policy.algorithms,
      });
      held = { list: verified.list, iat: verified.iat, exp: verified.exp };
      checker.remember(cacheKey, held);
    }
    source.checkStatusAge(entry.uri, held.iat, now, report);
    const value = held.list.get(entry.index);
    if (value === 0) continue;
    if (entry.statusPurpose === 'revocation') statusOutcome(StatusType.INVALID, entry.uri, entry.index);
    if (entry.statusPurpose === 'suspension') statusOutcome(StatusType.SUSPENDED, entry.uri, entry.index);
    throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `status purpose ${JSON.stringify(entry.statusPurpose)} is set and not understood by this verifier`);
  }
  return 'checked';
}
