import { isJsonObject } from '@elicense/core';
import type { EvmReceiptProof } from '../types.js';

/** The `type` of an EVM receipt proof. */
export const PROOF_TYPE = 'elicense-evm/v1' satisfies EvmReceiptProof['type'];

const KEYS = ['blockHash', 'blockNumber', 'chainId', 'contract', 'logIndex', 'txHash', 'type'].join(',');
const HASH = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** The proof with every member checked for form, or `undefined` when it is not one. */
export function readProof(v: unknown): EvmReceiptProof | undefined {
  if (!isJsonObject(v) || Object.keys(v).sort().join(',') !== KEYS) return undefined;
  const { type, chainId, contract, txHash, blockNumber, blockHash, logIndex } = v;
  if (type !== PROOF_TYPE) return undefined;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId < 1) return undefined;
  if (typeof contract !== 'string' || !ADDRESS.test(contract)) return undefined;
  if (typeof txHash !== 'string' || !HASH.test(txHash)) return undefined;
  if (typeof blockNumber !== 'string' || !DECIMAL.test(blockNumber)) return undefined;
  if (typeof blockHash !== 'string' || !HASH.test(blockHash)) return undefined;
  if (typeof logIndex !== 'number' || !Number.isSafeInteger(logIndex) || logIndex < 0) return undefined;
  return {
    type,
    chainId,
    contract: contract as `0x${string}`,
    txHash: txHash as `0x${string}`,
    blockNumber,
    blockHash: blockHash as `0x${string}`,
    logIndex,
  };
}
