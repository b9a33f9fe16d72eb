import { createClient, http } from 'viem';
import type { Chain, Client, HttpTransport, PrivateKeyAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ElicenseError } from '@elicense/core';

/** A viem client on one HTTP JSON-RPC endpoint, with a signing account when one was given. */
export type RpcClient = Client<HttpTransport, Chain | undefined, PrivateKeyAccount | undefined>;

export interface RpcClientOptions {
  rpcUrl: string;
  timeoutMs: number;
  pollingIntervalMs: number;
  chainId?: number;
  account?: PrivateKeyAccount;
}

/** The minimal chain description viem needs to sign transactions for `chainId`. */
function chainOf(chainId: number, rpcUrl: string): Chain {
  return {
    id: chainId,
    name: `EVM chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  };
}

/** A client that never caches block numbers, times out each request after `timeoutMs` and retries once. */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  return createClient({
    transport: http(options.rpcUrl, { timeout: options.timeoutMs, retryCount: 1, retryDelay: 100 }),
    chain: options.chainId === undefined ? undefined : chainOf(options.chainId, options.rpcUrl),
    account: options.account,
    cacheTime: 0,
    pollingInterval: options.pollingIntervalMs,
  });
}

/** The account of a checked private key; a key outside the curve order is an argument error. */
export function accountOf(privateKey: `0x${string}`, name: string): PrivateKeyAccount {
  try {
    return privateKeyToAccount(privateKey);
  } catch {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} is not a valid secp256k1 private key`);
  }
}
