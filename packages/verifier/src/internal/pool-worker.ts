/**
 * The entry of a {@link VerifierPool} worker thread: builds one {@link Verifier} from the pool's
 * setup, says `ready` (or why it could not), then answers each batch of jobs with one report or
 * error per job, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ElicenseError } from '@elicense/core';
import { Verifier } from '../verifier.js';
import { toPortableError } from './pool-protocol.js';
import type { FromWorker, JobResult, PoolJob, PoolVerifierSetup, ToWorker } from './pool-protocol.js';
import type { VerificationReport } from '../types.js';

async function build(setup: PoolVerifierSetup): Promise<Verifier> {
  if ('online' in setup) {
    const { now, ...online } = setup.online;
    return new Verifier(now === undefined ? online : { ...online, now: () => now });
  }
  if ('offline' in setup) {
    const { now, ...offline } = setup.offline;
    return Verifier.fromBundle(now === undefined ? offline : { ...offline, now: () => now });
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(setup.module)) as { default?: unknown };
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `verifier module ${setup.module} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (typeof mod.default !== 'function') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `verifier module ${setup.module} has no default export function returning a Verifier`);
  }
  let verifier: unknown;
  try {
    verifier = await (mod.default as (data: unknown) => unknown)(setup.data);
  } catch (cause) {
    if (cause instanceof ElicenseError) throw cause;
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `the default export of verifier module ${setup.module} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!(verifier instanceof Verifier)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `the default export of verifier module ${setup.module} did not return a Verifier of @elicense/verifier`);
  }
  return verifier;
}

function run(verifier: Verifier, job: PoolJob): Promise<VerificationReport> {
  switch (job.method) {
    case 'verifyPresentation':
      return verifier.verifyPresentation(job.token, job.options);
    case 'verifyCredential':
      return verifier.verifyCredential(job.token, job.options);
    case 'verifyJwtVc':
      return verifier.verifyJwtVc(job.token, job.options);
  }
}

const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

try {
  const verifier = await build(workerData as PoolVerifierSetup);
  port.on('message', (message: ToWorker) => {
    void (async () => {
      const results: JobResult[] = [];
      // One job at a time: the thread is the unit of parallelism, and the order of the answers is the order asked.
      for (const job of message.jobs) {
        try {
          results.push({ report: await run(verifier, job) });
        } catch (e) {
          results.push({ error: toPortableError(e) });
        }
      }
      post({ id: message.id, results: JSON.stringify(results) });
    })();
  });
  post({ ready: true });
} catch (e) {
  post({ ready: false, error: toPortableError(e) });
}
