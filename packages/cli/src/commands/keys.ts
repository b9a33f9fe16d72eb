import { generateKeyPair, ElicenseError, type JwsAlgorithm } from '@elicense/core';
import { didKeyFromJwk } from '@elicense/did';
import { parse } from '../internal/args.js';
import { writeText, type CliIo } from '../internal/io.js';

export const keysUsage = `elicense keys [--alg ES256|EdDSA] [--out key.json] [--public-out public.json] [--json]
  Generate a key pair and print (or write, mode 0600) { alg, did, kid, publicJwk, privateJwk }.
  The did is a did:key; use the file as --issuer-key for "issue", --holder-key for "present",
  --authority-key for "accredit" or --publisher-key for "bundle". --public-out also writes the public
  JWK with its kid: what verifiers are given ("verify --publisher").`;

/** `elicense keys`: generate an issuer or holder key file. */
export async function keysCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { alg: { type: 'string' }, out: { type: 'string' }, 'public-out': { type: 'string' } });
  if (values.help) return io.stdout(keysUsage), 0;
  const alg = (values.alg ?? 'ES256') as JwsAlgorithm;
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new ElicenseError('ERR_INVALID_ARGUMENT', `--alg must be ES256 or EdDSA, got ${JSON.stringify(alg)}`);
  const pair = await generateKeyPair(alg, { extractable: true });
  const did = didKeyFromJwk(pair.publicJwk);
  const file = { alg, did, kid: `${did}#${did.slice('did:key:'.length)}`, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk };
  const text = JSON.stringify(file, null, 2);
  if (typeof values['public-out'] === 'string') await writeText(values['public-out'], JSON.stringify({ ...pair.publicJwk, kid: file.kid }, null, 2));
  if (typeof values.out === 'string') {
    await writeText(values.out, text, 0o600);
    io.stdout(values.json ? JSON.stringify({ did, out: values.out }) : `wrote ${values.out} (${alg}, ${did})`);
  } else {
    io.stdout(text);
  }
  return 0;
}
