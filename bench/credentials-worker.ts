/**
 * A worker of the credential group's batch verification: verifies its share of presentations each
 * time the main thread posts `go`, and answers with how many verified.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DidResolver } from '@elicense/did';
import { Verifier } from '@elicense/verifier';

interface Job {
  did: string;
  listUri: string;
  listToken: string;
  nonce: string;
  aud: string;
  now: number;
  presentations: string[];
}

const job = workerData as Job;
const verifier = new Verifier({ trustedIssuers: [job.did], resolver: new DidResolver(), now: () => job.now, status: { lists: { [job.listUri]: job.listToken } } });

async function run(): Promise<number> {
  let verified = 0;
  for (const p of job.presentations) if ((await verifier.verifyPresentation(p, { nonce: job.nonce, aud: job.aud })).verified) verified++;
  return verified;
}

for (let i = 0; i < 30; i++) await verifier.verifyPresentation(job.presentations[i % job.presentations.length]!, { nonce: job.nonce, aud: job.aud });
parentPort!.on('message', () => {
  void run().then((verified) => parentPort!.postMessage({ verified }));
});
parentPort!.postMessage({ verified: 0 });
