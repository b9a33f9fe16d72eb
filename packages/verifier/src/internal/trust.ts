import { ElicenseError } from '@elicense/core';
import type { JWK } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import { didOfUrl } from '@elicense/did';
import type { LicenceProfile } from '@elicense/credentials';
import type { Policy } from './policy.js';

/** `iss` must be a trusted issuer and, when its entry lists types, allowed to issue `vct`. */
export function checkIssuerTrusted(policy: Policy, iss: string, vct: string | undefined): void {
  if (!policy.trusted.has(iss)) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `issuer ${iss} is not a trusted issuer`, { details: { iss } });
  }
  const types = policy.trusted.get(iss);
  if (types !== undefined && (vct === undefined || !types.has(vct))) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `issuer ${iss} is trusted, but not to issue ${JSON.stringify(vct)}`, { details: { iss, vct } });
  }
}

/** `vct` must be a licence type of the catalogue and, when the verifier restricts types, allowed. */
export function checkCredentialType(policy: Policy, vct: string | undefined): LicenceProfile {
  const profile = vct === undefined ? undefined : findLicenceProfile(vct);
  if (profile === undefined || vct === undefined) {
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `credential type ${JSON.stringify(vct)} is not a licence type of the catalogue`, { details: { vct } });
  }
  if (policy.allowed !== undefined && !policy.allowed.has(profile.vct)) {
    throw new ElicenseError('ERR_TYPE_NOT_ALLOWED', `credential type ${profile.type} is not accepted by this verifier`, { details: { vct } });
  }
  return profile;
}

/**
 * The issuer key: `kid` must be a DID URL of `iss`, naming a verification method listed under
 * `assertionMethod` in the issuer's DID document.
 */
export async function resolveIssuerKey(policy: Policy, iss: string, kid: string): Promise<JWK> {
  if (didOfUrl(kid) !== iss) {
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `header kid ${JSON.stringify(kid)} is not a key of the issuer ${iss}`, { details: { iss, kid } });
  }
  const { publicJwk } = await policy.resolver.resolveKey(kid, 'assertionMethod');
  return publicJwk;
}
