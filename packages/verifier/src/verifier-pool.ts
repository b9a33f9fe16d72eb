import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ElicenseError, assertObject, invalidArgument } from '@elicense/core';
import { fromPortableError } from './internal/pool-protocol.js';
import type { FromWorker, JobResult, PoolJob, PoolVerifierSetup, PortableOfflineVerifierOptions, PortableVerifierOptions, ToWorker } from './internal/pool-protocol.js';
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

/** A batch of jobs waiting for, or held by, a worker. */
interface Batch {
  jobs: PoolJob[];
  resolve: (results: JobResult[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** `starting` until the worker has built its verifier; `broken` when it could not. */
  state: 'starting' | 'ready' | 'broken';
  /** Why a `broken` worker could not build its verifier. */
  error?: Error;
  /** Batches sent and not answered yet, by message id. */
  held: Map<number, Batch>;
}

/**
 * Batches a worker holds at once: one running, one queued in its port so that it never waits for
 * the main thread. The rest wait in the pool, so a faster worker takes more of them and no worker
 * idles at the end while another still has a backlog.
 */
const HELD_PER_WORKER = 2;

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
  /** Batches not yet handed to a worker: `#queue[#head]` onwards (no `shift()`, which copies the array, per batch). */
  #queue: Batch[] = [];
  #head = 0;
  readonly #batchSize: number;
  /** Resolves `create()` once every worker is ready, or rejects with the first setup error. */
  #started: { resolve: () => void; reject: (e: Error) => void } | undefined;
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
    const started = new Promise<void>((resolve, reject) => {
      pool.#started = { resolve, reject };
    });
    try {
      for (let i = 0; i < threads; i++) pool.#slots.push(pool.#spawn());
    } catch (e) {
      await pool.close();
      if (e instanceof Error && e.name === 'DataCloneError') throw invalidArgument('options.verifier', 'plain data (structured clone cannot copy functions or class instances)', options.verifier);
      throw e;
    }
    try {
      await started;
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
    for (const batch of this.#takeQueue()) batch.reject(closedError());
    for (const slot of slots) fail(slot, closedError());
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Queue `jobs` as one batch for the next free worker; the results in order, errors rethrown with their codes. */
  async #run(jobs: PoolJob[]): Promise<VerificationReport[]> {
    if (this.#closed) throw closedError();
    const results = await new Promise<JobResult[]>((resolve, reject) => {
      this.#queue.push({ jobs, resolve, reject });
      this.#pump();
    });
    return results.map((r) => {
      if ('error' in r) throw fromPortableError(r.error);
      return r.report;
    });
  }

  /** Hand queued batches to ready workers that hold fewer than {@link HELD_PER_WORKER}. */
  #pump(): void {
    for (const slot of this.#slots) {
      while (slot.state === 'ready' && slot.held.size < HELD_PER_WORKER && this.#head < this.#queue.length) {
        const batch = this.#queue[this.#head++]!;
        const id = this.#nextId++;
        if (slot.held.size === 0) slot.worker.ref();
        slot.held.set(id, batch);
        slot.worker.postMessage({ id, jobs: batch.jobs } satisfies ToWorker);
      }
    }
    if (this.#head === this.#queue.length) this.#takeQueue();
    // No worker can take the queue: every one failed to build its verifier (its replacements too).
    else if (this.#slots.every((s) => s.state === 'broken')) {
      const error = this.#slots[0]?.error ?? closedError();
      for (const batch of this.#takeQueue()) batch.reject(error);
    }
  }

  /** Empty the queue; the batches that were waiting in it. */
  #takeQueue(): Batch[] {
    const waiting = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    return waiting;
  }

  /** Every worker has started, or one could not: settle `create()`. */
  #settleStart(): void {
    if (this.#started === undefined) return;
    const broken = this.#slots.find((s) => s.state === 'broken');
    if (broken !== undefined) this.#started.reject(broken.error!);
    else if (this.#slots.every((s) => s.state === 'ready')) this.#started.resolve();
    else return;
    this.#started = undefined;
  }

  /** Start a worker; if it dies, fail what it held and put a fresh one in its place. */
  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: this.#setup });
    worker.unref();
    const slot: Slot = { worker, state: 'starting', held: new Map() };
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        if (message.ready) slot.state = 'ready';
        else {
          slot.state = 'broken';
          slot.error = fromPortableError(message.error);
        }
        this.#settleStart();
        this.#pump();
        return;
      }
      const batch = slot.held.get(message.id);
      if (batch === undefined) return;
      slot.held.delete(message.id);
      if (slot.held.size === 0) worker.unref();
      batch.resolve(JSON.parse(message.results) as JobResult[]);
      this.#pump();
    });
    let dead = false;
    const onDeath = (reason: string): void => {
      if (dead) return;
      dead = true;
      const error = this.#closed
        ? closedError()
        : new ElicenseError('ERR_VERIFIER_POOL_FAILED', `a verifier worker thread stopped (${reason}); the verifications it held did not finish`);
      if (slot.state === 'starting') {
        slot.state = 'broken';
        slot.error = error;
      }
      fail(slot, error);
      const index = this.#slots.indexOf(slot);
      if (index !== -1 && !this.#closed) {
        if (this.#started !== undefined) this.#settleStart(); // a worker that dies while the pool starts fails create()
        else this.#slots[index] = this.#spawn();
      }
      this.#pump();
    };
    worker.on('error', (e) => onDeath(e.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    return slot;
  }
}

function closedError(): ElicenseError {
  return new ElicenseError('ERR_VERIFIER_POOL_CLOSED', 'the verifier pool is closed (close() was called); start a new pool to verify more');
}

/** Reject every batch `slot` holds with `error`. */
function fail(slot: Slot, error: Error): void {
  for (const batch of slot.held.values()) batch.reject(error);
  slot.held.clear();
  slot.worker.unref();
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
