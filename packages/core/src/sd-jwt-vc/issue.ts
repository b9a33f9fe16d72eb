import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { issueSdJwt } from '../sd-jwt/issue.js';
import type { IssueSdJwtOptions } from '../sd-jwt/types.js';
import { NON_DISCLOSABLE_CLAIMS, SD_JWT_VC_TYP } from './constants.js';
import type { SdJwtVcPayload } from './types.js';

/**
 * Issue an SD-JWT VC: an SD-JWT with header `typ` `dc+sd-jwt`, required `iss` and `vct`
 * (`ERR_CLAIM_MISSING`), and a frame that leaves `iss`, `nbf`, `exp`, `cnf`, `vct`, `vct#integrity`,
 * `aka_vcts` and `status` (with all their sub-claims) in plaintext — a frame that would make any of
 * them selectively disclosable is refused with `ERR_CLAIM_NOT_DISCLOSABLE`. A `cnf.jwk` holding a
 * private key is refused with `ERR_KEY_INVALID`.
 *
 * @example
 * ```ts
 * const credential = await issueSdJwtVc(
 *   { iss: 'did:web:gov.example', vct: 'https://gov.example/vct/driving_licence', iat, exp, cnf: { jwk: holderJwk }, name: '张伟', vehicle_classes: ['C1'] },
 *   { signer: issuerKey, frame: { _sd: ['name', 'vehicle_classes'] } },
 * )
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2
 */
export async function issueSdJwtVc(payload: SdJwtVcPayload, options: IssueSdJwtOptions): Promise<string> {
  if (!isJsonObject(payload)) throw invalidArgument('payload', 'a JSON object', payload);
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
  for (const claim of ['iss', 'vct'] as const) {
    const v: unknown = payload[claim];
    if (typeof v !== 'string' || v.length === 0) {
      throw new ElicenseError('ERR_CLAIM_MISSING', `an SD-JWT VC needs a non-empty string "${claim}" claim, got ${JSON.stringify(v) ?? 'nothing'}`, { details: { claim } });
    }
  }
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const v: unknown = payload[claim];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw invalidArgument(`payload.${claim}`, 'a NumericDate (Unix seconds)', v);
  }
  const cnf: unknown = payload.cnf;
  if (cnf !== undefined) {
    if (!isJsonObject(cnf) || !isJsonObject(cnf.jwk)) throw invalidArgument('payload.cnf', 'an object { jwk } with the Holder public key', cnf);
    if (cnf.jwk.d !== undefined) throw new ElicenseError('ERR_KEY_INVALID', 'payload.cnf.jwk contains the private member "d"; bind the Holder with its public key only');
  }
  if (payload.status !== undefined && !isJsonObject(payload.status)) throw invalidArgument('payload.status', 'an object', payload.status);

  const frame: unknown = options.frame;
  if (isJsonObject(frame)) {
    const sd: unknown = frame._sd;
    if (Array.isArray(sd)) {
      for (const k of sd as unknown[]) {
        if (NON_DISCLOSABLE_CLAIMS.includes(String(k))) throw notDisclosable(String(k));
      }
    }
    for (const claim of NON_DISCLOSABLE_CLAIMS) {
      if (Object.hasOwn(frame, claim) && framesDisclosure(frame[claim])) throw notDisclosable(claim);
    }
  }

  const header: JsonObject = { ...(options.header ?? {}) };
  if (header.typ !== undefined && header.typ !== SD_JWT_VC_TYP) {
    throw invalidArgument('options.header.typ', `"${SD_JWT_VC_TYP}" (or absent) for an SD-JWT VC`, header.typ);
  }
  header.typ = SD_JWT_VC_TYP;
  return issueSdJwt(payload, { ...options, header });
}

function notDisclosable(claim: string): ElicenseError {
  return new ElicenseError('ERR_CLAIM_NOT_DISCLOSABLE', `claim "${claim}" (and its sub-claims) must not be selectively disclosable in an SD-JWT VC`, { details: { claim } });
}

/** True when a (sub-)frame would create any Disclosure or decoy. */
function framesDisclosure(frame: unknown): boolean {
  if (!isJsonObject(frame)) return false;
  if (Array.isArray(frame._sd) && frame._sd.length > 0) return true;
  if (typeof frame._sd_decoy === 'number' && frame._sd_decoy > 0) return true;
  return Object.keys(frame).some((k) => k !== '_sd' && k !== '_sd_decoy' && framesDisclosure(frame[k]));
}
