import { ElicenseError, isJsonObject, type JWK } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { list, optional, parse, required } from '../internal/args.js';
import { readJsonObject, readText, writeText, type CliIo } from '../internal/io.js';
import { parseTime } from '../internal/time.js';
import { publicKeyFrom } from './issue.js';
import { loadDidDocuments } from './verify.js';

export const presentUsage = `elicense present --credential cred.txt --holder-key holder.json --reveal CLAIMS --nonce NONCE --aud AUDIENCE
                 [--did-doc did.json ...] [--now TIME] [--out FILE] [--json]
  Check a credential as a wallet would (issuer signature, binding to the holder key, known type), then
  present it revealing only CLAIMS (comma-separated claim paths, e.g. enterprise_name,unified_social_credit_code
  or spouse_a.name) with a key-binding JWT over the verifier's NONCE and AUDIENCE.
  --did-doc adds issuer DID documents for offline did:web resolution.`;

/** `elicense present`: make a selective-disclosure presentation from files. */
export async function presentCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    credential: { type: 'string' },
    'holder-key': { type: 'string' },
    reveal: { type: 'string', multiple: true },
    nonce: { type: 'string' },
    aud: { type: 'string' },
    'did-doc': { type: 'string', multiple: true },
    now: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return io.stdout(presentUsage), 0;
  const credential = await readText(required(values, 'credential'), 'credential');
  const keyFile = await readJsonObject(required(values, 'holder-key'), 'holder key');
  if (!isJsonObject(keyFile.privateJwk)) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--holder-key must be a key file with "privateJwk" (see "elicense keys")');
  const nonce = required(values, 'nonce');
  const aud = required(values, 'aud');
  const reveal = list(values.reveal);
  const nowText = optional(values, 'now');
  const now = nowText === undefined ? undefined : parseTime(nowText, '--now');
  const resolver = new DidResolver({ documents: await loadDidDocuments(values['did-doc']) });
  const wallet = await Wallet.create({ resolver, ...(now === undefined ? {} : { now: () => now }) });
  await wallet.importHolderKey({ privateKey: keyFile.privateJwk as JWK, publicJwk: publicKeyFrom(keyFile, '--holder-key') });
  const stored = await wallet.receive(credential);
  const presentation = await wallet.present(stored.id, { reveal, nonce, aud, ...(now === undefined ? {} : { now }) });
  if (typeof values.out === 'string') await writeText(values.out, presentation);
  if (values.json) io.stdout(JSON.stringify({ type: stored.type, issuer: stored.issuer, reveal, nonce, aud, presentation }, null, 2));
  else if (typeof values.out === 'string') io.stdout(`presented ${stored.type} revealing ${reveal.join(', ') || 'nothing'} → ${values.out}`);
  else io.stdout(presentation);
  return 0;
}
