import { ElicenseError, presentSdJwt } from '@elicense/core';
import { assertObject, assertString, invalidArgument, readClock } from '@elicense/core';
import type { WalletContext } from './internal/context.js';
import { signerFor } from './internal/keys.js';
import type { PresentOptions, StoredCredential } from './types.js';

/**
 * Build a presentation of a stored credential: the issuer-signed JWT, only the disclosures for the
 * claims in `reveal` (and what they need, e.g. the parent of a nested claim), and a KB-JWT signed
 * with the credential's holder key over `nonce`, `aud`, `iat` and the `sd_hash` of the rest.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.3
 */
export async function presentCredential(ctx: WalletContext, stored: StoredCredential, options: PresentOptions): Promise<string> {
  assertObject(options, 'options');
  if (!Array.isArray(options.reveal)) throw invalidArgument('options.reveal', 'an array of claim paths', options.reveal);
  for (const [i, p] of options.reveal.entries()) {
    if (typeof p !== 'string' && !Array.isArray(p)) throw invalidArgument(`options.reveal[${i}]`, 'a claim path (array) or a dotted string', p);
  }
  assertString(options.nonce, 'options.nonce');
  assertString(options.aud, 'options.aud');
  let iat: number;
  if (options.now === undefined) iat = readClock(ctx.now);
  else if (typeof options.now === 'number' && Number.isSafeInteger(options.now) && options.now >= 0) iat = options.now;
  else throw invalidArgument('options.now', 'Unix seconds (a non-negative integer)', options.now);
  if (stored.format !== 'dc+sd-jwt') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `credential ${stored.id} has format ${String(stored.format)}; only dc+sd-jwt can be presented`);
  }
  const signer = await signerFor(ctx, stored.holderKeyId);
  return presentSdJwt(stored.credential, {
    reveal: options.reveal,
    keyBinding: { signer, nonce: options.nonce, aud: options.aud, iat },
  });
}
