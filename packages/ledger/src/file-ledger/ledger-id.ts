import { calculateJwkThumbprint, type JWK } from '@elicense/core';
import { checkLedgerKey } from '../internal/ledger-key.js';

/**
 * The identifier of a file ledger: `file:` followed by the RFC 7638 thumbprint of its public key.
 * A private JWK is refused (`ERR_INVALID_ARGUMENT`): pass the public key.
 *
 * @example
 * ```ts
 * await fileLedgerId(ledger.publicJwk) // 'file:kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function fileLedgerId(publicJwk: JWK): Promise<string> {
  const { publicJwk: pub } = checkLedgerKey(publicJwk, 'publicJwk', 'public');
  return `file:${await calculateJwkThumbprint(pub)}`;
}
