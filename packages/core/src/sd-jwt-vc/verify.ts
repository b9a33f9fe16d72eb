import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { isJsonObject } from '../json.js';
import { verifySdJwt } from '../sd-jwt/verify.js';
import { NON_DISCLOSABLE_CLAIMS, SD_JWT_VC_LEGACY_TYP, SD_JWT_VC_TYP } from './constants.js';
import type { VerifiedSdJwtVc, VerifySdJwtVcOptions } from './types.js';

/**
 * Verify an SD-JWT VC presentation (or credential): everything {@link verifySdJwt} checks — with the
 * Holder key taken from `cnf.jwk` — plus header `typ` `dc+sd-jwt` (legacy `vc+sd-jwt` accepted;
 * `ERR_TYP_INVALID`), `iss` and `vct` present (`ERR_CLAIM_MISSING`), `vct` among `options.vct`
 * (`ERR_TYPE_NOT_ALLOWED`), and none of `iss`, `nbf`, `exp`, `cnf`, `vct`, `vct#integrity`, `aka_vcts`,
 * `status` delivered through a Disclosure (`ERR_CLAIM_NOT_DISCLOSABLE`).
 *
 * @example
 * ```ts
 * const { vct, iss, payload } = await verifySdJwtVc(presentation, {
 *   issuerKey: (header) => keyForKid(header.kid),
 *   vct: 'https://credentials.example.com/identity_credential',
 *   nonce: '1234567890',
 *   aud: 'https://example.com/verifier',
 * })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.4
 */
export async function verifySdJwtVc(token: string, options: VerifySdJwtVcOptions): Promise<VerifiedSdJwtVc> {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object with at least issuerKey', options);
  let accepted: readonly string[] | undefined;
  if (options.vct !== undefined) {
    accepted = typeof options.vct === 'string' ? [options.vct] : options.vct;
    if (!Array.isArray(accepted) || accepted.some((v) => typeof v !== 'string')) throw invalidArgument('options.vct', 'a string or an array of strings', options.vct);
  }
  const verified = await verifySdJwt(token, { ...options, typ: options.typ ?? [SD_JWT_VC_TYP, SD_JWT_VC_LEGACY_TYP] });
  const { payload } = verified;

  for (const { path } of verified.disclosures) {
    const top = String(path[0]);
    if (NON_DISCLOSABLE_CLAIMS.includes(top)) {
      throw new ElicenseError('ERR_CLAIM_NOT_DISCLOSABLE', `claim "${top}" was delivered through a Disclosure, which an SD-JWT VC must not do`, { details: { claim: top } });
    }
  }
  const vct = payload.vct;
  const iss = payload.iss;
  if (typeof vct !== 'string' || vct.length === 0) throw new ElicenseError('ERR_CLAIM_MISSING', 'SD-JWT VC has no "vct" (string) claim', { details: { claim: 'vct' } });
  if (typeof iss !== 'string' || iss.length === 0) throw new ElicenseError('ERR_CLAIM_MISSING', 'SD-JWT VC has no "iss" (string) claim', { details: { claim: 'iss' } });
  if (payload.cnf !== undefined && !isJsonObject(payload.cnf)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT VC "cnf" must be an object');
  if (payload.status !== undefined && !isJsonObject(payload.status)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT VC "status" must be an object');
  if (accepted !== undefined && !accepted.includes(vct)) {
    throw new ElicenseError('ERR_TYPE_NOT_ALLOWED', `credential type ${JSON.stringify(vct)} is not accepted here`, { details: { vct, accepted: [...accepted] } });
  }
  return { ...verified, vct, iss };
}
