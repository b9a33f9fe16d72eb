/**
 * @module @elicense/ledger-evm
 *
 * A {@link LedgerAdapter} on any EVM chain — a permissioned network, a public testnet, or a local
 * node — through JSON-RPC. Status list anchors live in a small StatusAnchor contract (append-only per
 * list URI, versions strictly increasing, only listed writers may anchor); receipts name the
 * transaction and its `Anchored` log, so anyone with a node of the chain can check them.
 */
export { EvmLedger } from './evm-ledger.js';
export type { EvmConnectOptions, EvmDeployOptions, EvmReceiptProof } from './types.js';
