import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { assertSigningKey, isPathPrefix, selectPaths, splitSdJwt, type PlacedDisclosure } from '../internal/sd-jwt.js';
import { parseSdJwt, processedOf } from '../internal/sd-jwt-cache.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { signJwt } from '../jws/sign.js';
import { formatClaimPath, parseClaimPath } from './claim-path.js';
import { KB_JWT_TYP } from './constants.js';
import { computeSdHash } from './digest.js';
import type { ClaimPath, Disclosure, KeyBindingOptions, PresentSdJwtOptions } from './types.js';

/**
 * Build a presentation from an issued SD-JWT: keep only the Disclosures needed for the claims in
 * `reveal` (each path with everything on the way to it and everything under it, minus `exclude`),
 * then optionally add a Key Binding JWT over the result. The SD-JWT is checked structurally first
 * (RFC 9901 §7.1 step 3–5, no signature check); a token that already carries a KB-JWT is refused
 * (`ERR_INVALID_ARGUMENT`), and a path that matches nothing throws `ERR_CLAIM_PATH_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const presentation = await presentSdJwt(issued, {
 *   reveal: ['given_name', ['address', 'country']],
 *   keyBinding: { signer: holderKey, nonce: '1234567890', aud: 'https://verifier.example.org', iat: Math.floor(Date.now() / 1000) },
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.2
 */
export async function presentSdJwt(token: string, options: PresentSdJwtOptions): Promise<string> {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
  if (!Array.isArray(options.reveal)) throw invalidArgument('options.reveal', 'an array of claim paths', options.reveal);
  if (options.exclude !== undefined && !Array.isArray(options.exclude)) throw invalidArgument('options.exclude', 'an array of claim paths', options.exclude);
  const reveal = options.reveal.map((p) => parseClaimPath(p));
  const exclude = (options.exclude ?? []).map((p) => parseClaimPath(p));
  if (options.keyBinding !== undefined) checkKeyBinding(options.keyBinding);

  const split = splitSdJwt(token);
  if (split.kbJwt !== undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'token already ends with a KB-JWT; present from the SD-JWT as issued (ending in "~")');
  }
  // Decoded and processed once per issued token (the cache is keyed by the token string, read-only here).
  const parsed = await parseSdJwt(split);
  const { hashAlg, disclosures } = parsed;
  const { payload, placed } = processedOf(parsed);

  const keep = new Set<Disclosure>();
  for (const path of reveal) {
    for (const target of matches(payload, path)) {
      for (const p of placed) if (isPathPrefix(p.path, target) || isPathPrefix(target, p.path)) keep.add(p.disclosure);
    }
  }
  for (const path of exclude) {
    for (const target of matches(payload, path)) {
      for (const p of placed) if (isPathPrefix(target, p.path)) keep.delete(p.disclosure);
    }
  }
  assertClosed(placed, keep);

  const sdJwt = `${split.issuerJwt}~${disclosures
    .filter((d) => keep.has(d))
    .map((d) => `${d.encoded}~`)
    .join('')}`;
  const kb = options.keyBinding;
  if (kb === undefined) return sdJwt;
  const kbPayload: JsonObject = { iat: kb.iat, aud: kb.aud, nonce: kb.nonce, sd_hash: await computeSdHash(sdJwt, hashAlg) };
  return sdJwt + (await signJwt({ typ: KB_JWT_TYP }, kbPayload, kb.signer));
}

function matches(payload: JsonObject, path: ClaimPath): (string | number)[][] {
  const found = selectPaths(payload, path);
  if (found.length === 0) {
    throw new ElicenseError('ERR_CLAIM_PATH_NOT_FOUND', `claim path ${formatClaimPath(path)} matches no claim in the credential`, { details: { path: [...path] } });
  }
  return found;
}

/** Every kept Disclosure's parent is kept too (prefix selection guarantees it; this guards the invariant). */
function assertClosed(placed: readonly PlacedDisclosure[], keep: ReadonlySet<Disclosure>): void {
  for (const p of placed) {
    if (keep.has(p.disclosure) && p.parent !== undefined && !keep.has(p.parent)) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim ${formatClaimPath(p.path)} cannot be revealed while its enclosing claim is excluded`);
    }
  }
}

function checkKeyBinding(kb: KeyBindingOptions): void {
  if (!isJsonObject(kb)) throw invalidArgument('options.keyBinding', 'an object { signer, nonce, aud, iat }', kb);
  assertSigningKey(kb.signer, 'options.keyBinding.signer');
  if (typeof kb.nonce !== 'string' || kb.nonce.length === 0) throw invalidArgument('options.keyBinding.nonce', 'a non-empty string', kb.nonce);
  if (typeof kb.aud !== 'string' || kb.aud.length === 0) throw invalidArgument('options.keyBinding.aud', 'a non-empty string', kb.aud);
  if (typeof kb.iat !== 'number' || !Number.isSafeInteger(kb.iat) || kb.iat < 0) {
    throw invalidArgument('options.keyBinding.iat', 'a non-negative integer (Unix seconds)', kb.iat);
  }
}
