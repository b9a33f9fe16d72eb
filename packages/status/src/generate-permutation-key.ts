import { invalidArgument } from '@elicense/core';

/**
 * A fresh 32-byte key for an {@link IndexPermutation}, from `random` (default
 * `crypto.getRandomValues`). Store it with the list, secret: whoever holds it can tell which
 * positions the indices came from.
 *
 * @example
 * ```ts
 * const key = generatePermutationKey()
 * ```
 */
export function generatePermutationKey(random?: (n: number) => Uint8Array): Uint8Array {
  if (random === undefined) return globalThis.crypto.getRandomValues(new Uint8Array(32));
  if (typeof random !== 'function') throw invalidArgument('random', 'a function (n) => Uint8Array', random);
  const key = random(32);
  if (!(key instanceof Uint8Array) || key.length !== 32) throw invalidArgument('random(32)', 'a Uint8Array of 32 bytes', key);
  return key.slice();
}
