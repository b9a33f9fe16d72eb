import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ElicenseError, assertObject, invalidArgument } from '@elicense/core';
import { fromPortableError } from './internal/pool-protocol.js';
import type { FromWorker, PoolJob, PoolVerifierSetup, PortableOfflineVerifierOptions, PortableVerifierOptions, ToWorker } from './internal/pool-protocol.js';
import type { VerificationReport } from './types.js';
import type { VerifyCredentialOptions } from './verify-credential.js';
import type { VerifyJwtVcOptions } from './verify-jwt-vc.js';
import type { VerifyPresentationOptions } from './verify-presentation.js';

export type { PortableOfflineVerifierOptions, PortableVerifierOptions } from './internal/pool-protocol.js';

/**
 * Options for {@link VerifierPool.create}. `verifier` says how each worker thread builds its
 * {@link Verifier}: from plain online options, from a trust bundle, or — when the verifier needs
 * functions (a custom resolver, a status fetcher, a clock) — by calling the default export of a
 * module of yours in each worker.
 *
 * @example
 * ```ts
 * const options: VerifierPoolOptions = { threads: 2, verifier: { offline: { bundle, publishers: [publisherJwk] } } }
 * ```
 */
export interface VerifierPoolOptions {
  /** Worker threads. Default: the machine's available parallelism. At most 256. */
  threads?: number;
  /**
   * `{ online }`: a `new Verifier(online)` per worker; `{ offline }`: `Verifier.fromBundle(offline)`
   * per worker; `{ module, data }`: the URL or absolute path of an ES module whose default export,
   * called with `data` (anything structured clone can copy), returns or resolves to a `Verifier` of
   * this package.
   */
  verifier: { online: PortableVerifierOptions } | { offline: PortableOfflineVerifierOptions } | { module: string | URL; data?: unknown };
  /** Presentations per message to a worker in {@link VerifierPool.verifyPresentations}. Default 32. */
  batchSize?: number;
}

/** One presentation to check in {@link VerifierPool.verifyPresentations}, with the options of that check. */
export interface PresentationToVerify extends VerifyPresentationOptions {
  /** The SD-JWT VC presentation (`<issuer-jwt>~<disclosure>~…~<kb-jwt>`). */
  presentation: string;
}

interface Pending {
  resolve: (results: Extract<FromWorker, { id: number }>['results']) => void;
  reject: (e: Error) => void;
  size: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  /** Jobs sent and not answered yet. */
  load: number;
}

const WORKER_URL = new URL('./internal/pool-worker.js', import.meta.url);

/**
 * Verification on worker threads, for a server that checks many presentations at once (a border
 * post's gate, a bank's back office): each worker holds its own {@link Verifier}, built once, and a
 * batch is spread over the workers in messages of `batchSize` presentations, so every core works.
 * Reports are the same as the single-thread verifier's, in the order asked. A worker that dies fails
 * only the verifications it held (`ERR_VERIFIER_POOL_FAILED`) and is replaced; after {@link close},
 * every call fails with `ERR_VERIFIER_POOL_CLOSED`. Idle workers do not keep the process alive.
 *
 * @example
 * ```ts
 * import { VerifierPool } from '@elicense/verifier/node'
 * const pool = await VerifierPool.create({ verifier: { online: { trustedIssuers: ['did:web:police.gov.example'] } } })
 * const reports = await pool.verifyPresentations(queue.map((p) => ({ presentation: p, nonce, aud: 'https://gate.example' })))
 * await pool.close()
 * ```
 */
export class VerifierPool {
  readonly #setup: PoolVerifierSetup;
  readonly #slots: Slot[] = [];
  readonly #batchSize: number;
  #nextId = 0;
  #closed = false;

  private constructor(setup: PoolVerifierSetup, batchSize: number) {
    this.#setup = setup;
    this.#batchSize = batchSize;
  }

  /**
   * Start the workers and build a verifier in each. Resolves when every worker is ready; if a worker
   * cannot build its verifier (a bad trust bundle, a module that does not return a `Verifier`), all
   * workers are stopped and the worker's error is thrown with its code.
   *
   * @example
   * ```ts
   * const pool = await VerifierPool.create({ threads: 4, verifier: { offline: { bundle, publishers } } })
   * ```
   */
  static async create(options: VerifierPoolOptions): Promise<VerifierPool> {
    assertObject(options, 'options');
    const threads = options.threads ?? availableParallelism();
    if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) throw invalidArgument('options.threads', 'an integer from 1 to 256', options.threads);
    const batchSize = options.batchSize ?? 32;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw invalidArgument('options.batchSize', 'a positive integer', options.batchSize);
    const pool = new VerifierPool(setupOf(options.verifier), batchSize);
    try {
      for (let i = 0; i < threads; i++) pool.#slots.push(pool.#spawn());
    } catch (e) {
      await pool.close();
      if (e instanceof Error && e.name === 'DataCloneError') throw invalidArgument('options.verifier', 'plain data (structured clone cannot copy functions or class instances)', options.verifier);
      throw e;
    }
    try {
      await Promise.all(pool.#slots.map((s) => s.ready));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** The number of worker threads. */
  get threads(): number {
    return this.#slots.length;
  }

  /**
   * Verify many SD-JWT VC presentations across the workers. Resolves with one report per
   * presentation, in order; a bad presentation gets a failed report, never a rejection. Misuse
   * (options without `nonce` or `aud`) rejects with that check's `ERR_INVALID_ARGUMENT`.
   *
   * @example
   * ```ts
   * const reports = await pool.verifyPresentations([{ presentation, nonce: 'n-1', aud: 'https://gate.example' }])
   * reports[0].verified // true
   * ```
   */
  async verifyPresentations(items: readonly PresentationToVerify[]): Promise<VerificationReport[]> {
    if (!Array.isArray(items)) throw invalidArgument('items', 'an array of { presentation, nonce, aud }', items);
    const jobs = items.map((item, i): PoolJob => {
      assertObject(item, `items[${i}]`);
      const { presentation, ...options } = item;
      return { method: 'verifyPresentation', token: presentation, options };
    });
    const batches: Promise<VerificationReport[]>[] = [];
    for (let start = 0; start < jobs.length; start += this.#batchSize) batches.push(this.#run(jobs.slice(start, start + this.#batchSize)));
    return (await Promise.all(batches)).flat();
  }

  /**
   * Verify one SD-JWT VC presentation on the least busy worker; the same report as
   * `Verifier.verifyPresentation`.
   *
   * @example
   * ```ts
   * const report = await pool.verifyPresentation(presentation, { nonce, aud: 'https://gate.example' })
   * ```
   */
  async verifyPresentation(presentation: string, options: VerifyPresentationOptions): Promise<VerificationReport> {
    return (await this.#run([{ method: 'verifyPresentation', token: presentation, options }]))[0]!;
  }

  /**
   * Verify one SD-JWT VC as issued (no key binding) on the least busy worker; the same report as
   * `Verifier.verifyCredential`.
   *
   * @example
   * ```ts
   * const report = await pool.verifyCredential(issued)
   * ```
   */
  async verifyCredential(credential: string, options?: VerifyCredentialOptions): Promise<VerificationReport> {
    return (await this.#run([{ method: 'verifyCredential', token: credential, ...(options === undefined ? {} : { options }) }]))[0]!;
  }

  /**
   * Verify one W3C VC JWT on the least busy worker; the same report as `Verifier.verifyJwtVc`.
   *
   * @example
   * ```ts
   * const report = await pool.verifyJwtVc(jwt)
   * ```
   */
  async verifyJwtVc(jwt: string, options?: VerifyJwtVcOptions): Promise<VerificationReport> {
    return (await this.#run([{ method: 'verifyJwtVc', token: jwt, ...(options === undefined ? {} : { options }) }]))[0]!;
  }

  /**
   * Stop every worker. Verifications still running fail with `ERR_VERIFIER_POOL_CLOSED`, as does
   * every later call. Closing twice is harmless.
   *
   * @example
   * ```ts
   * await pool.close()
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots) fail(slot, closedError());
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Send `jobs` as one message to the least busy worker; the results in order, errors rethrown with their codes. */
  async #run(jobs: PoolJob[]): Promise<VerificationReport[]> {
    if (this.#closed) throw closedError();
    let slot = this.#slots[0]!;
    for (const s of this.#slots) if (s.load < slot.load) slot = s;
    if (slot.load === 0) slot.worker.ref();
    slot.load += jobs.length;
    try {
      await slot.ready;
    } catch (e) {
      release(slot, jobs.length);
      throw e;
    }
    if (this.#closed) throw closedError();
    const id = this.#nextId++;
    const answer = new Promise<Extract<FromWorker, { id: number }>['results']>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, size: jobs.length });
    });
    slot.worker.postMessage({ id, jobs } satisfies ToWorker);
    const results = await answer;
    return results.map((r) => {
      if ('error' in r) throw fromPortableError(r.error);
      return r.report;
    });
  }

  /** Start a worker; if it dies, fail what it held and put a fresh one in its place. */
  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: this.#setup });
    worker.unref();
    const slot: Slot = { worker, ready: undefined as never, pending: new Map(), load: 0 };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorker): void => {
        if ('ready' in message) {
          if (message.ready) resolve();
          else {
            const error = fromPortableError(message.error);
            reject(error);
          }
          return;
        }
        const pending = slot.pending.get(message.id);
        if (pending === undefined) return;
        slot.pending.delete(message.id);
        release(slot, pending.size);
        pending.resolve(message.results);
      };
      const onDeath = (reason: string): void => {
        const error = this.#closed
          ? closedError()
          : new ElicenseError('ERR_VERIFIER_POOL_FAILED', `a verifier worker thread stopped (${reason}); the verifications it held did not finish`);
        reject(error);
        fail(slot, error);
        const index = this.#slots.indexOf(slot);
        if (index !== -1 && !this.#closed) this.#slots[index] = this.#spawn();
      };
      worker.on('message', onMessage);
      worker.on('error', (e) => onDeath(e.message));
      worker.on('exit', (code) => onDeath(`exit code ${code}`));
    });
    slot.ready.catch(() => undefined); // observed by create() or by the job that waits on it
    return slot;
  }
}

function closedError(): ElicenseError {
  return new ElicenseError('ERR_VERIFIER_POOL_CLOSED', 'the verifier pool is closed (close() was called); start a new pool to verify more');
}

/** Reject everything `slot` holds with `error`. */
function fail(slot: Slot, error: Error): void {
  for (const pending of slot.pending.values()) pending.reject(error);
  slot.pending.clear();
  slot.load = 0;
  slot.worker.unref();
}

/** `size` jobs of `slot` are answered; an idle worker no longer keeps the process alive. */
function release(slot: Slot, size: number): void {
  slot.load -= size;
  if (slot.load === 0) slot.worker.unref();
}

function setupOf(verifier: VerifierPoolOptions['verifier']): PoolVerifierSetup {
  assertObject(verifier, 'options.verifier');
  if ('online' in verifier) {
    assertObject(verifier.online, 'options.verifier.online');
    checkClock(verifier.online.now, 'options.verifier.online.now');
    return { online: verifier.online };
  }
  if ('offline' in verifier) {
    assertObject(verifier.offline, 'options.verifier.offline');
    checkClock(verifier.offline.now, 'options.verifier.offline.now');
    return { offline: verifier.offline };
  }
  if ('module' in verifier) {
    const { module } = verifier;
    const data = 'data' in verifier ? { data: verifier.data } : {};
    if (module instanceof URL) return { module: module.href, ...data };
    if (typeof module === 'string' && /^(file|data):/.test(module)) return { module, ...data };
    if (typeof module === 'string' && isAbsolute(module)) return { module: pathToFileURL(module).href, ...data };
    throw invalidArgument('options.verifier.module', 'a URL or an absolute path of an ES module', module);
  }
  throw invalidArgument('options.verifier', '{ online }, { offline } or { module }', verifier);
}

function checkClock(now: unknown, name: string): void {
  if (now !== undefined && (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0)) throw invalidArgument(name, 'Unix seconds (a non-negative integer)', now);
}
