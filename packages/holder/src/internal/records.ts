import { ElicenseError, isJsonObject } from '@elicense/core';
import type { JWK, JsonObject } from '@elicense/core';
import type { CredentialState, CredentialStatusCheck, StoredCredential } from '../types.js';

/** Record ids in the vault. */
export const CREDENTIAL_PREFIX = 'credential/';
export const KEY_PREFIX = 'key/';
export const SHARED_KEY_ID = 'wallet/shared-key';

export const credentialRecordId = (id: string): string => `${CREDENTIAL_PREFIX}${id}`;
export const keyRecordId = (thumbprint: string): string => `${KEY_PREFIX}${thumbprint}`;

/** A stored credential as persisted: everything but what is worked out on reading. */
export type CredentialRecord = Omit<StoredCredential, 'state' | 'presentable'>;

/** A holder key as persisted (the private part is a private JWK, or a CryptoKey next to the record). */
export interface KeyRecord {
  alg: 'ES256' | 'EdDSA';
  publicJwk: JWK;
  /** Present when the key is extractable. */
  privateJwk?: JWK;
  extractable: boolean;
  createdAt: number;
}

function corrupt(id: string, what: string): ElicenseError {
  return new ElicenseError('ERR_WALLET_CORRUPT', `wallet record ${id} decrypted but ${what}`, { details: { id } });
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Check the shape of a decrypted credential record (it is authenticated, so a bad shape is a bug or a foreign writer). */
export function readCredentialRecord(recordId: string, value: JsonObject): CredentialRecord {
  const v = value;
  if (
    !isNonEmpty(v.id) ||
    v.format !== 'dc+sd-jwt' ||
    !isNonEmpty(v.type) ||
    !isNonEmpty(v.vct) ||
    !isNonEmpty(v.issuer) ||
    !isNonEmpty(v.credential) ||
    !isJsonObject(v.claims) ||
    !isSeconds(v.receivedAt) ||
    !isNonEmpty(v.holderKeyId) ||
    (v.issuedAt !== undefined && !isSeconds(v.issuedAt)) ||
    (v.validFrom !== undefined && !isSeconds(v.validFrom)) ||
    (v.expiresAt !== undefined && !isSeconds(v.expiresAt))
  ) {
    throw corrupt(recordId, 'is not a credential record');
  }
  if (credentialRecordId(v.id) !== recordId) throw corrupt(recordId, `holds credential ${v.id}`);
  const ref = v.statusReference;
  if (ref !== undefined && (!isJsonObject(ref) || !isNonEmpty(ref.uri) || !isSeconds(ref.idx))) throw corrupt(recordId, 'has a malformed status reference');
  const st = v.status;
  if (st !== undefined && (!isJsonObject(st) || !isSeconds(st.value) || !isSeconds(st.checkedAt) || !isSeconds(st.listIssuedAt))) {
    throw corrupt(recordId, 'has a malformed status check');
  }
  return v as unknown as CredentialRecord;
}

/** Check the shape of a decrypted key record. */
export function readKeyRecord(recordId: string, value: JsonObject, hasCryptoKey: boolean): KeyRecord {
  const v = value;
  if (
    (v.alg !== 'ES256' && v.alg !== 'EdDSA') ||
    !isJsonObject(v.publicJwk) ||
    typeof v.extractable !== 'boolean' ||
    !isSeconds(v.createdAt) ||
    (v.privateJwk !== undefined && (!isJsonObject(v.privateJwk) || typeof v.privateJwk.d !== 'string'))
  ) {
    throw corrupt(recordId, 'is not a holder key record');
  }
  if (v.privateJwk === undefined && !hasCryptoKey) throw corrupt(recordId, 'has no private key');
  return v as unknown as KeyRecord;
}

/** The persisted part of a credential, as a JSON object for the vault. */
export function credentialValue(c: CredentialRecord): JsonObject {
  const out: JsonObject = {
    id: c.id,
    format: c.format,
    type: c.type,
    vct: c.vct,
    issuer: c.issuer,
    credential: c.credential,
    claims: c.claims,
    receivedAt: c.receivedAt,
    holderKeyId: c.holderKeyId,
  };
  if (c.issuedAt !== undefined) out.issuedAt = c.issuedAt;
  if (c.validFrom !== undefined) out.validFrom = c.validFrom;
  if (c.expiresAt !== undefined) out.expiresAt = c.expiresAt;
  if (c.statusReference !== undefined) out.statusReference = { uri: c.statusReference.uri, idx: c.statusReference.idx };
  if (c.status !== undefined) out.status = { ...c.status } as unknown as JsonObject;
  return out;
}

/** The persisted key record as a JSON object for the vault. */
export function keyValue(k: KeyRecord): JsonObject {
  return {
    alg: k.alg,
    publicJwk: k.publicJwk as JsonObject,
    extractable: k.extractable,
    createdAt: k.createdAt,
    ...(k.privateJwk === undefined ? {} : { privateJwk: k.privateJwk as JsonObject }),
  };
}

/** Where a credential stands at `now`: a status check that says revoked or suspended wins, then the validity period. */
export function stateOf(c: CredentialRecord, now: number): CredentialState {
  const status: CredentialStatusCheck | undefined = c.status;
  if (status?.value === 1) return 'revoked';
  if (status?.value === 2) return 'suspended';
  if (c.expiresAt !== undefined && now >= c.expiresAt) return 'expired';
  if (c.validFrom !== undefined && now < c.validFrom) return 'not_yet_valid';
  return 'valid';
}
