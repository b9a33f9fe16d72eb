/**
 * Options and receipt proof of the EVM ledger.
 */

/**
 * Options of `EvmLedger.deploy`.
 *
 * @example
 * ```ts
 * const options: EvmDeployOptions = { rpcUrl: 'https://chain.gov.example', privateKey: process.env.ANCHOR_KEY as `0x${string}` }
 * ```
 */
export interface EvmDeployOptions {
  /** HTTP(S) JSON-RPC endpoint of the node. */
  rpcUrl: string;
  /** Key of the deploying account: it becomes the contract's owner and first writer. */
  privateKey: `0x${string}`;
  /** Bound on each JSON-RPC request and on the wait for the deployment receipt, in ms (default 30 000). */
  timeoutMs?: number;
}

/**
 * Options of `EvmLedger.connect`.
 *
 * @example
 * ```ts
 * const options: EvmConnectOptions = { rpcUrl: 'https://chain.gov.example', contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3', confirmations: 2 }
 * ```
 */
export interface EvmConnectOptions {
  /** HTTP(S) JSON-RPC endpoint of the node. */
  rpcUrl: string;
  /** Address of a deployed StatusAnchor contract. */
  contract: `0x${string}`;
  /** Key of a writer account; omit for a read-only ledger (latest, history, verifyReceipt). */
  privateKey?: `0x${string}`;
  /** Bound on each JSON-RPC request and on the wait for a transaction receipt, in ms (default 30 000). */
  timeoutMs?: number;
  /** How often to poll for a transaction receipt, in ms (default 1 000). */
  pollingIntervalMs?: number;
  /** Blocks that must include an anchoring transaction before `anchor` resolves (default 1). */
  confirmations?: number;
}

/**
 * The `proof` of a receipt from an EVM ledger: where the `Anchored` log of the record is. Plain JSON;
 * hashes and addresses in lowercase hex.
 *
 * @example
 * ```ts
 * const proof = receipt.proof as EvmReceiptProof
 * console.log(`anchored in block ${proof.blockNumber} by ${proof.txHash}`)
 * ```
 * @see https://ethereum.github.io/execution-apis/api-documentation/
 */
export type EvmReceiptProof = {
  type: 'elicense-evm/v1';
  /** EIP-155 chain id. */
  chainId: number;
  /** The StatusAnchor contract. */
  contract: `0x${string}`;
  /** The anchoring transaction. */
  txHash: `0x${string}`;
  /** The block that includes it, as a decimal string (block numbers may exceed 2^53). */
  blockNumber: string;
  /** Hash of that block. */
  blockHash: `0x${string}`;
  /** Position of the `Anchored` log in that block. */
  logIndex: number;
};
