/**
 * Stored credentials for the DCQL suites, built by hand from licence claims validated by the real
 * catalogue (derived predicates included) — no Wallet, no network: safe in Node and in browsers.
 */
import { createSigner, generateKeyPair, issueSdJwtVc } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { prepareLicenceClaims } from '@elicense/credentials';
import type { StoredCredential } from '@elicense/holder';
import { LICENCE_CLAIMS, NOW, citizenIdNumber } from '../../../test/fixtures/licences.js';

export { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

export const ISSUER = 'did:web:gov.example';

export const VCT = {
  business_licence: 'urn:elicense:vct:business_licence:1',
  resident_id_card: 'urn:elicense:vct:resident_id_card:1',
  driving_licence: 'urn:elicense:vct:driving_licence:1',
  marriage_certificate: 'urn:elicense:vct:marriage_certificate:1',
} as const;

export type LicenceType = keyof typeof VCT;

/** 王小雨, female, born 2012-06-15: a minor (age_over_18 false on NOW). */
export const MINOR_ID_CARD = {
  ...LICENCE_CLAIMS.resident_id_card,
  citizen_id_number: citizenIdNumber('110105', '20120615', '124'),
  name: '王小雨',
  sex: 'female',
  date_of_birth: '2012-06-15',
  validity_period: { from: '2022-07-01', to: '2027-07-01' },
};

/** Validated licence claims (derived predicates included) for `type`, from `input` (default: the shared fixture). */
export function licenceClaims(type: LicenceType, input: unknown = LICENCE_CLAIMS[type]): JsonObject {
  return prepareLicenceClaims(type, input, { now: NOW }).claims;
}

/** A StoredCredential as the wallet keeps it; `credential` is a placeholder unless given. */
export function stored(
  type: LicenceType,
  options: { id?: string; input?: unknown; claims?: JsonObject; vct?: string; overrides?: Partial<StoredCredential> } = {},
): StoredCredential {
  return {
    id: options.id ?? `urn:uuid:${type}`,
    format: 'dc+sd-jwt',
    type,
    vct: options.vct ?? VCT[type],
    issuer: ISSUER,
    credential: 'not-an-sd-jwt~',
    claims: options.claims ?? licenceClaims(type, options.input),
    receivedAt: NOW,
    issuedAt: NOW,
    expiresAt: NOW + 365 * 86_400,
    holderKeyId: 'holder-key',
    state: 'valid',
    presentable: true,
    ...options.overrides,
  };
}

/** A real SD-JWT VC of `type` (issued with a fresh key, every licence claim disclosable) and its StoredCredential. */
export async function issued(
  type: LicenceType,
  input: unknown = LICENCE_CLAIMS[type],
  id = `urn:uuid:issued-${type}`,
): Promise<{ token: string; credential: StoredCredential }> {
  const { vct, claims, frame } = prepareLicenceClaims(type, input, { now: NOW });
  const issuerKey = await generateKeyPair('ES256');
  const holderKey = await generateKeyPair('ES256');
  const token = await issueSdJwtVc(
    {
      iss: ISSUER,
      vct,
      iat: NOW,
      nbf: NOW,
      exp: NOW + 365 * 86_400,
      cnf: { jwk: holderKey.publicJwk },
      status: { status_list: { idx: 7, uri: 'https://gov.example/status/1' } },
      ...claims,
    },
    { signer: { alg: 'ES256', sign: createSigner(issuerKey.privateKey, 'ES256') }, frame },
  );
  return { token, credential: stored(type, { id, claims, overrides: { credential: token, validFrom: NOW } }) };
}

/** A `dc+sd-jwt` Credential Query for `vct` (one or several), with `extra` members. */
export function sdJwtQuery(id: string, vct: string | string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, format: 'dc+sd-jwt', meta: { vct_values: Array.isArray(vct) ? vct : [vct] }, ...extra };
}

/** "An adult": `age_over_18` true preferred, the birth date accepted. */
export function adultQuery(): Record<string, unknown> {
  return sdJwtQuery('adult', VCT.resident_id_card, {
    claims: [
      { id: 'dob', path: ['date_of_birth'] },
      { id: 'adult', path: ['age_over_18'], values: [true] },
    ],
    claim_sets: [['adult'], ['dob']],
  });
}
