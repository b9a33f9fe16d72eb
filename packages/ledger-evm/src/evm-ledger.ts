import { decodeEventLog, keccak256, stringToBytes } from 'viem';
import type { Log, PrivateKeyAccount } from 'viem';
import {
  deployContract,
  getBlockNumber,
  getChainId,
  getCode,
  getLogs,
  getTransactionReceipt,
  readContract,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from 'viem/actions';
import { ElicenseError, isJsonObject } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord, LedgerAdapter } from '@elicense/ledger';
import { STATUS_ANCHOR_ABI, STATUS_ANCHOR_BYTECODE } from './internal/artifact.js';
import { accountOf, createRpcClient, type RpcClient } from './internal/client.js';
import { bytes32ToDigest, digestToBytes32 } from './internal/digest.js';
import { hasCause, toLedgerError } from './internal/errors.js';
import {
  DEFAULT_POLLING_INTERVAL_MS,
  DEFAULT_TIMEOUT_MS,
  checkAddress,
  checkOptions,
  checkPositiveInteger,
  checkPrivateKey,
  checkRpcUrl,
  describeEndpoint,
} from './internal/options.js';
import { PROOF_TYPE, readProof } from './internal/proof.js';
import { checkRecord, checkUri, sameRecord } from './internal/record.js';
import type { EvmConnectOptions, EvmDeployOptions, EvmReceiptProof } from './types.js';

const ANCHORED = STATUS_ANCHOR_ABI.find((item) => item.type === 'event' && item.name === 'Anchored')!;
/** Blocks per `eth_getLogs` request (viem halves it when a node refuses a range). */
const LOG_BLOCK_RANGE = 100_000n;

/** The fields of a log (from `eth_getLogs` or a transaction receipt) that a receipt is built from. */
type RawLog = Pick<Log, 'data' | 'topics' | 'transactionHash' | 'blockHash' | 'blockNumber' | 'logIndex' | 'removed'>;

interface Settings {
  rpcUrl: string;
  endpoint: string;
  contract: `0x${string}`;
  chainId: number;
  deployedAt: bigint;
  timeoutMs: number;
  pollingIntervalMs: number;
  confirmations: number;
}

function receiptInvalid(message: string, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', message, cause === undefined ? {} : { cause });
}

/**
 * A {@link LedgerAdapter} on an EVM chain: each anchor is a call to a small StatusAnchor contract,
 * which keeps per status list URI an append-only array of `{ digest, version, time }` and refuses a
 * version that does not increase. Receipts name the transaction and the `Anchored` log; anyone with
 * access to a node of the chain can check them.
 *
 * @example
 * ```ts
 * const contract = await EvmLedger.deploy({ rpcUrl, privateKey })
 * const ledger = await EvmLedger.connect({ rpcUrl, contract, privateKey })
 * const receipt = await ledger.anchor({ uri, version: 1, digest: await digestStatusListToken(token), time })
 * ```
 * @see https://ethereum.github.io/execution-apis/api-documentation/
 */
export class EvmLedger implements LedgerAdapter {
  /** `evm:<chainId>:<lowercase contract address>`. */
  readonly id: string;
  readonly #client: RpcClient;
  readonly #account: PrivateKeyAccount | undefined;
  readonly #s: Settings;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(client: RpcClient, account: PrivateKeyAccount | undefined, settings: Settings) {
    this.#client = client;
    this.#account = account;
    this.#s = settings;
    this.id = `evm:${settings.chainId}:${settings.contract}`;
  }

  /**
   * Deploy a StatusAnchor contract; resolves with its address (lowercase) once the deployment is mined.
   * The deploying account owns it and may anchor; it adds other writers with {@link EvmLedger.addWriter}.
   *
   * @example
   * ```ts
   * const contract = await EvmLedger.deploy({ rpcUrl: 'http://127.0.0.1:8545', privateKey })
   * ```
   * @see https://ethereum.github.io/execution-apis/api-documentation/
   */
  static async deploy(options: EvmDeployOptions): Promise<`0x${string}`> {
    checkOptions(options);
    const rpcUrl = checkRpcUrl(options.rpcUrl, 'options.rpcUrl');
    const account = accountOf(checkPrivateKey(options.privateKey, 'options.privateKey'), 'options.privateKey');
    const timeoutMs = checkPositiveInteger(options.timeoutMs, 'options.timeoutMs', DEFAULT_TIMEOUT_MS);
    const endpoint = describeEndpoint(rpcUrl);
    const probe = createRpcClient({ rpcUrl, timeoutMs, pollingIntervalMs: DEFAULT_POLLING_INTERVAL_MS });
    try {
      const chainId = await getChainId(probe);
      const client = createRpcClient({ rpcUrl, timeoutMs, pollingIntervalMs: DEFAULT_POLLING_INTERVAL_MS, chainId, account });
      const hash = await deployContract(client, { abi: STATUS_ANCHOR_ABI, bytecode: STATUS_ANCHOR_BYTECODE, account, chain: client.chain });
      const receipt = await waitForTransactionReceipt(client, { hash, timeout: timeoutMs });
      if (receipt.status !== 'success' || !receipt.contractAddress) {
        throw new ElicenseError('ERR_LEDGER_REVERTED', `deploy: the deployment transaction ${hash} reverted`, { details: { txHash: hash } });
      }
      return receipt.contractAddress.toLowerCase() as `0x${string}`;
    } catch (e) {
      throw toLedgerError(e, 'deploy', endpoint);
    }
  }

  /**
   * Connect to a deployed StatusAnchor contract. Checks that the node answers
   * (`ERR_LEDGER_UNAVAILABLE` otherwise) and that a StatusAnchor contract is at `contract`
   * (`ERR_INVALID_ARGUMENT` otherwise). Without `privateKey` the ledger is read-only.
   *
   * @example
   * ```ts
   * const ledger = await EvmLedger.connect({ rpcUrl: 'https://chain.gov.example', contract, privateKey })
   * const verifierSide = await EvmLedger.connect({ rpcUrl: 'https://chain.gov.example', contract })
   * ```
   * @see https://ethereum.github.io/execution-apis/api-documentation/
   */
  static async connect(options: EvmConnectOptions): Promise<EvmLedger> {
    checkOptions(options);
    const rpcUrl = checkRpcUrl(options.rpcUrl, 'options.rpcUrl');
    const contract = checkAddress(options.contract, 'options.contract');
    const account =
      options.privateKey === undefined ? undefined : accountOf(checkPrivateKey(options.privateKey, 'options.privateKey'), 'options.privateKey');
    const timeoutMs = checkPositiveInteger(options.timeoutMs, 'options.timeoutMs', DEFAULT_TIMEOUT_MS);
    const pollingIntervalMs = checkPositiveInteger(options.pollingIntervalMs, 'options.pollingIntervalMs', DEFAULT_POLLING_INTERVAL_MS);
    const confirmations = checkPositiveInteger(options.confirmations, 'options.confirmations', 1);
    const endpoint = describeEndpoint(rpcUrl);
    const probe = createRpcClient({ rpcUrl, timeoutMs, pollingIntervalMs });
    let chainId: number;
    let code: `0x${string}` | undefined;
    try {
      chainId = await getChainId(probe);
      code = await getCode(probe, { address: contract });
    } catch (e) {
      throw toLedgerError(e, 'connect', endpoint);
    }
    if (code === undefined || code === '0x') {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.contract: no contract is deployed at ${contract} on chain ${chainId}`, {
        details: { contract, chainId },
      });
    }
    let deployedAt: bigint;
    try {
      deployedAt = await readContract(probe, { address: contract, abi: STATUS_ANCHOR_ABI, functionName: 'deployedAt' });
    } catch (e) {
      // a revert, no return data or undecodable data: some other contract
      if (!hasCause(e, 'ContractFunctionRevertedError', 'ExecutionRevertedError', 'ContractFunctionZeroDataError', 'AbiDecodingDataSizeTooSmallError', 'AbiDecodingZeroDataError')) {
        throw toLedgerError(e, 'connect', endpoint);
      }
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.contract: the contract at ${contract} is not a StatusAnchor contract`, {
        cause: e,
        details: { contract, chainId },
      });
    }
    const client = createRpcClient({ rpcUrl, timeoutMs, pollingIntervalMs, chainId, ...(account ? { account } : {}) });
    return new EvmLedger(client, account, { rpcUrl, endpoint, contract, chainId, deployedAt, timeoutMs, pollingIntervalMs, confirmations });
  }

  /**
   * Anchor a record: resolves once the transaction is included (`confirmations` blocks deep). Reads the
   * chain first, so re-anchoring an identical record returns its existing receipt and sends nothing —
   * a retry after a lost response or a restart is safe.
   *
   * @example
   * ```ts
   * const receipt = await ledger.anchor({ uri, version: 2, digest, time: 1767225600 })
   * ```
   * @see https://ethereum.github.io/execution-apis/api-documentation/
   */
  async anchor(record: AnchorRecord): Promise<AnchorReceipt> {
    const r = checkRecord(record);
    this.#assertOpen();
    if (this.#account === undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `ledger ${this.id} is read-only: connect with options.privateKey to anchor`);
    }
    return this.#serialized(() => this.#anchor(r, this.#account!));
  }

  /**
   * The receipt of the highest version anchored for `uri`, or `undefined`.
   *
   * @example
   * ```ts
   * const newest = await ledger.latest('https://gov.example/status/1')
   * ```
   */
  async latest(uri: string): Promise<AnchorReceipt | undefined> {
    const all = await this.history(uri);
    return all[all.length - 1];
  }

  /**
   * Every receipt anchored for `uri`, oldest first, read from the contract's `Anchored` logs and
   * checked against the contract's count at the same block.
   *
   * @example
   * ```ts
   * for (const { record } of await ledger.history(uri)) console.log(record.version, record.digest)
   * ```
   */
  async history(uri: string): Promise<AnchorReceipt[]> {
    checkUri(uri, 'uri');
    this.#assertOpen();
    return this.#history(uri);
  }

  /**
   * Check a receipt against the chain: the transaction succeeded in the named block (same hash, so not
   * reorganised away), and its log at `logIndex` was emitted by this ledger's contract and decodes to
   * exactly the record. Resolves with the record; anything else is `ERR_LEDGER_RECEIPT_INVALID`, an
   * unreachable node `ERR_LEDGER_UNAVAILABLE`.
   *
   * @example
   * ```ts
   * const record = await ledger.verifyReceipt(receiptFromTrustBundle)
   * ```
   * @see https://ethereum.github.io/execution-apis/api-documentation/
   */
  async verifyReceipt(receipt: AnchorReceipt): Promise<AnchorRecord> {
    this.#assertOpen();
    if (!isJsonObject(receipt)) throw receiptInvalid('receipt must be an object { ledger, record, proof }');
    if (Object.keys(receipt).sort().join(',') !== 'ledger,proof,record') {
      throw receiptInvalid('receipt must have exactly the members ledger, record and proof');
    }
    if (receipt.ledger !== this.id) throw receiptInvalid(`receipt is for ledger ${JSON.stringify(receipt.ledger)}, not ${this.id}`);
    let record: AnchorRecord;
    try {
      record = checkRecord(receipt.record);
    } catch (e) {
      throw receiptInvalid('receipt.record is not a valid anchor record', e);
    }
    const proof = readProof(receipt.proof);
    if (!proof) {
      throw receiptInvalid(`receipt.proof must be { type: "${PROOF_TYPE}", chainId, contract, txHash, blockNumber, blockHash, logIndex }`);
    }
    if (proof.chainId !== this.#s.chainId || proof.contract !== this.#s.contract) {
      throw receiptInvalid(`receipt.proof names chain ${proof.chainId} contract ${proof.contract}, not this ledger's`);
    }
    let tx;
    try {
      tx = await getTransactionReceipt(this.#client, { hash: proof.txHash });
    } catch (e) {
      if (e instanceof Error && e.name === 'TransactionReceiptNotFoundError') {
        throw receiptInvalid(`transaction ${proof.txHash} is not on chain ${this.#s.chainId}`, e);
      }
      throw toLedgerError(e, 'verifyReceipt', this.#s.endpoint);
    }
    if (tx.status !== 'success') throw receiptInvalid(`transaction ${proof.txHash} reverted`);
    if (tx.blockHash.toLowerCase() !== proof.blockHash || tx.blockNumber.toString() !== proof.blockNumber) {
      throw receiptInvalid(`transaction ${proof.txHash} is not in block ${proof.blockNumber} (${proof.blockHash})`);
    }
    const log = tx.logs.find((l) => l.logIndex === proof.logIndex);
    if (!log || log.address.toLowerCase() !== this.#s.contract || log.removed) {
      throw receiptInvalid(`transaction ${proof.txHash} has no log ${proof.logIndex} from contract ${this.#s.contract}`);
    }
    const onChain = this.#receiptOf(log);
    if (!onChain) throw receiptInvalid(`log ${proof.logIndex} of transaction ${proof.txHash} is not an Anchored event`);
    if (!sameRecord(onChain.record, record)) throw receiptInvalid(`the Anchored log of transaction ${proof.txHash} records another anchor`);
    return record;
  }

  /**
   * Allow another account to anchor (only the contract owner may). Resolves once included.
   *
   * @example
   * ```ts
   * await ownerLedger.addWriter('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
   * ```
   */
  async addWriter(address: `0x${string}`): Promise<void> {
    const writer = checkAddress(address, 'address');
    this.#assertOpen();
    const account = this.#account;
    if (account === undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `ledger ${this.id} is read-only: connect with the owner's options.privateKey to add a writer`);
    }
    await this.#serialized(async () => {
      try {
        const { request } = await simulateContract(this.#client, {
          address: this.#s.contract,
          abi: STATUS_ANCHOR_ABI,
          functionName: 'addWriter',
          args: [writer],
          account,
        });
        const hash = await writeContract(this.#client, { ...request, abi: STATUS_ANCHOR_ABI });
        const tx = await this.#wait(hash, 'addWriter');
        if (tx.status !== 'success') {
          throw new ElicenseError('ERR_LEDGER_REVERTED', `addWriter: transaction ${hash} reverted`, { details: { txHash: hash } });
        }
      } catch (e) {
        throw toLedgerError(e, 'addWriter', this.#s.endpoint);
      }
    });
  }

  /**
   * Stop using this ledger; later calls fail with `ERR_INVALID_ARGUMENT`. HTTP JSON-RPC holds no
   * connection open, so there is nothing else to release.
   *
   * @example
   * ```ts
   * await ledger.close()
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.catch(() => undefined);
  }

  #assertOpen(): void {
    if (this.#closed) throw new ElicenseError('ERR_INVALID_ARGUMENT', `ledger ${this.id} is closed`);
  }

  /** Run writes one at a time, so the account's nonces and the read-before-write stay consistent. */
  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #anchor(record: AnchorRecord, account: PrivateKeyAccount): Promise<AnchorReceipt> {
    const existing = await this.#existing(record);
    if (existing) return existing;
    let hash: `0x${string}`;
    try {
      const { request } = await simulateContract(this.#client, {
        address: this.#s.contract,
        abi: STATUS_ANCHOR_ABI,
        functionName: 'anchor',
        args: [record.uri, BigInt(record.version), digestToBytes32(record.digest), BigInt(record.time)],
        account,
      });
      // the full ABI, so that a revert found while preparing the transaction decodes to its error name
      hash = await writeContract(this.#client, { ...request, abi: STATUS_ANCHOR_ABI });
    } catch (e) {
      const error = toLedgerError(e, 'anchor', this.#s.endpoint);
      // another writer anchored this version since it was read, or has a transaction for it waiting to be mined
      if (error.code === 'ERR_LEDGER_CONFLICT') return await this.#landed(record, error);
      throw error;
    }
    const tx = await this.#wait(hash, 'anchor');
    if (tx.status !== 'success') {
      const again = await this.#existing(record);
      if (again) return again;
      throw new ElicenseError('ERR_LEDGER_REVERTED', `anchor: transaction ${hash} reverted`, { details: { txHash: hash } });
    }
    const receipt = tx.logs
      .filter((l) => l.address.toLowerCase() === this.#s.contract && !l.removed)
      .map((l) => this.#receiptOf(l))
      .find((rc) => rc !== undefined && sameRecord(rc.record, record));
    if (!receipt) {
      throw new ElicenseError('ERR_LEDGER_TAMPERED', `anchor: transaction ${hash} succeeded but carries no Anchored log of this record`, {
        details: { txHash: hash },
      });
    }
    return receipt;
  }

  /**
   * After a pre-flight refused `record`'s version: the receipt once the chain holds `record`, or
   * `ERR_LEDGER_CONFLICT` once it holds another record at that version. A competing transaction that
   * is still waiting to be mined is waited for, up to `timeoutMs`; then `conflict` is thrown.
   */
  async #landed(record: AnchorRecord, conflict: ElicenseError): Promise<AnchorReceipt> {
    const deadline = Date.now() + this.#s.timeoutMs;
    for (;;) {
      const existing = await this.#existing(record);
      if (existing) return existing;
      if (Date.now() >= deadline) throw conflict;
      await new Promise((resolve) => setTimeout(resolve, this.#s.pollingIntervalMs));
    }
  }

  /** Wait for a transaction's receipt, bounded by `timeoutMs`. */
  async #wait(hash: `0x${string}`, action: string) {
    try {
      return await waitForTransactionReceipt(this.#client, {
        hash,
        timeout: this.#s.timeoutMs,
        pollingInterval: this.#s.pollingIntervalMs,
        confirmations: this.#s.confirmations,
      });
    } catch (e) {
      const error = toLedgerError(e, action, this.#s.endpoint);
      throw new ElicenseError(
        'ERR_LEDGER_UNAVAILABLE',
        `${action}: transaction ${hash} was sent but not confirmed within ${this.#s.timeoutMs} ms; repeating the same call is safe`,
        { cause: e, details: { ...error.details, txHash: hash } },
      );
    }
  }

  /**
   * The receipt of `record` when the chain already holds it; `undefined` when it may be anchored;
   * `ERR_LEDGER_CONFLICT` when the version is taken by another record or not above the latest.
   */
  async #existing(record: AnchorRecord): Promise<AnchorReceipt | undefined> {
    const history = await this.#history(record.uri);
    const same = history.find((h) => h.record.version === record.version);
    if (same && sameRecord(same.record, record)) return same;
    const latest = history[history.length - 1]?.record.version ?? 0;
    if (same || latest >= record.version) {
      throw new ElicenseError(
        'ERR_LEDGER_CONFLICT',
        `anchor: version ${record.version} of ${record.uri} is not above the latest anchored version ${latest}` +
          (same ? ' (that version is anchored with another digest or time)' : ''),
        { details: { uri: record.uri, version: record.version, latest } },
      );
    }
    return undefined;
  }

  async #history(uri: string): Promise<AnchorReceipt[]> {
    let logs: RawLog[];
    let count: bigint;
    try {
      const block = await getBlockNumber(this.#client, { cacheTime: 0 });
      [count, logs] = await Promise.all([
        readContract(this.#client, { address: this.#s.contract, abi: STATUS_ANCHOR_ABI, functionName: 'count', args: [uri], blockNumber: block }),
        getLogs(this.#client, {
          address: this.#s.contract,
          event: ANCHORED,
          args: { uriHash: keccak256(stringToBytes(uri)) },
          fromBlock: this.#s.deployedAt,
          toBlock: block,
          blockRange: LOG_BLOCK_RANGE,
        }),
      ]);
    } catch (e) {
      throw toLedgerError(e, 'history', this.#s.endpoint);
    }
    const receipts: AnchorReceipt[] = [];
    for (const log of logs) {
      if (log.removed) continue;
      const receipt = this.#receiptOf(log);
      if (!receipt || receipt.record.uri !== uri) {
        throw new ElicenseError('ERR_LEDGER_TAMPERED', `history: contract ${this.#s.contract} emitted a malformed Anchored log in transaction ${String(log.transactionHash)}`);
      }
      receipts.push(receipt);
    }
    if (BigInt(receipts.length) !== count) {
      throw new ElicenseError(
        'ERR_LEDGER_UNAVAILABLE',
        `history: the node at ${this.#s.endpoint} returned ${receipts.length} Anchored logs for ${uri} but the contract holds ${count} anchors (incomplete log index)`,
        { details: { endpoint: this.#s.endpoint, uri, logs: receipts.length, count: count.toString() } },
      );
    }
    return receipts;
  }

  /** The receipt for an `Anchored` log of this contract, or `undefined` when the log is not one. */
  #receiptOf(log: RawLog): AnchorReceipt | undefined {
    const { transactionHash, blockHash, blockNumber, logIndex } = log;
    if (transactionHash === null || blockHash === null || blockNumber === null || logIndex === null) return undefined;
    let args;
    try {
      ({ args } = decodeEventLog({ abi: [ANCHORED], data: log.data, topics: log.topics as [`0x${string}`, ...`0x${string}`[]], strict: true }));
    } catch {
      return undefined;
    }
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    if (args.version > max || args.time > max) return undefined;
    const proof: EvmReceiptProof = {
      type: PROOF_TYPE,
      chainId: this.#s.chainId,
      contract: this.#s.contract,
      txHash: transactionHash.toLowerCase() as `0x${string}`,
      blockNumber: blockNumber.toString(),
      blockHash: blockHash.toLowerCase() as `0x${string}`,
      logIndex,
    };
    return {
      ledger: this.id,
      record: { uri: args.uri, version: Number(args.version), digest: bytes32ToDigest(args.digest), time: Number(args.time) },
      proof,
    };
  }
}
