import { ElicenseError, invalidArgument } from '@elicense/core';
import { TrustState } from './trust-state.js'; // loading the class registers how verified bundles become states
import type { VerifyTrustBundleOptions } from './types.js';
import { checkOptions } from './internal/args.js';
import { applyUpdate, checkTimes, openUpdate, readVerifyOptions, verifyBundle } from './internal/bundle.js';
import { trustStateOf } from './internal/state-factory.js';

/**
 * Rebuild a {@link TrustState} from its persisted {@link TrustState.chain}: verify the bundle, then
 * apply each delta in order. Only the state reached at the end must be unexpired — the bundle a
 * chain starts from may have expired long ago. Errors: those of {@link verifyTrustBundle} and
 * {@link TrustState.apply}; `ERR_INVALID_ARGUMENT` when `chain.deltas` holds a full bundle.
 *
 * @example
 * ```ts
 * await writeFile('trust.json', JSON.stringify(state.chain))
 * const again = await restoreTrustState(JSON.parse(await readFile('trust.json', 'utf8')), { publishers })
 * again.digest === state.digest // true
 * ```
 */
export async function restoreTrustState(chain: { bundle: string; deltas?: readonly string[] }, options: VerifyTrustBundleOptions): Promise<TrustState> {
  const c = checkOptions(chain, 'chain');
  const deltas = c.deltas ?? [];
  if (!Array.isArray(deltas)) throw invalidArgument('chain.deltas', 'an array of delta JWSs', deltas);
  deltas.forEach((d, i) => {
    if (typeof d !== 'string') throw invalidArgument(`chain.deltas[${i}]`, 'a delta JWS string', d);
    if (openUpdate(d, `chain.deltas[${i}]`).kind !== 'delta') {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `chain.deltas[${i}] is a full bundle; a chain starts from one bundle (chain.bundle)`);
    }
  });
  const ctx = readVerifyOptions(options);
  let verified = await verifyBundle(c.bundle, ctx, false);
  for (const delta of deltas as string[]) verified = (await applyUpdate(verified, delta, ctx, false)) ?? verified;
  checkTimes(verified.payload, ctx, true);
  return trustStateOf(verified);
}
