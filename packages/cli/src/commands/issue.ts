import { ElicenseError, isJsonObject, type JWK } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { optional, parse, required } from '../internal/args.js';
import { readJsonObject, writeText, type CliIo } from '../internal/io.js';
import { parseTime } from '../internal/time.js';
import { openRegistry, type OpenRegistry } from '../internal/registry.js';

export const issueUsage = `elicense issue --type TYPE --claims claims.json --holder holder.json --issuer-key issuer.json
               [--format dc+sd-jwt|jwt_vc] [--did-web DOMAIN [--key-id ID] [--did-doc-out did.json]] [--valid-from DATE] [--valid-until DATE]
               [--registry DIR [--status-base-uri URL]] [--out FILE] [--json]
  Issue a licence. TYPE is business_licence, resident_id_card, driving_licence, marriage_certificate (or a vct).
  --holder is the holder's public JWK (or a key file from "elicense keys"); --issuer-key a key file with privateJwk.
  --did-web issues under did:web:DOMAIN instead of did:key, signing with key --key-id (default key-1; give a
  rotated key an id of its own); --did-doc-out writes the DID document to serve at the did:web URL.
  Prints the credential (or writes it to --out).
  --registry keeps a revocation registry in DIR (created on first use): the credential gets a status list
  entry, and can later be revoked or suspended ("elicense revoke", "elicense suspend").`;

/** Take the public JWK out of a JWK file or a key file ({ publicJwk }). */
export function publicKeyFrom(file: Record<string, unknown>, what: string): JWK {
  const jwk = isJsonObject(file.publicJwk) ? file.publicJwk : file;
  if (typeof jwk.kty !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `${what} must be a JWK or a key file with "publicJwk"`);
  const { d: _d, ...pub } = jwk as JWK;
  return pub;
}

/** The issuer's DID options from `--did-web DOMAIN [--key-id ID]` (did:key without them). */
export function didOptions(values: Record<string, unknown>): { method: 'key' } | { method: 'web'; domain: string; keyId?: string } {
  const web = optional(values, 'did-web');
  const keyId = optional(values, 'key-id');
  if (web === undefined) {
    if (keyId !== undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--key-id goes with --did-web');
    return { method: 'key' };
  }
  return { method: 'web', domain: web, ...(keyId === undefined ? {} : { keyId }) };
}

/** `elicense issue`: issue one licence from files. */
export async function issueCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    type: { type: 'string' },
    claims: { type: 'string' },
    holder: { type: 'string' },
    'issuer-key': { type: 'string' },
    format: { type: 'string' },
    'did-web': { type: 'string' },
    'key-id': { type: 'string' },
    'did-doc-out': { type: 'string' },
    'valid-from': { type: 'string' },
    'valid-until': { type: 'string' },
    out: { type: 'string' },
    registry: { type: 'string' },
    'status-base-uri': { type: 'string' },
  });
  if (values.help) return io.stdout(issueUsage), 0;
  const type = required(values, 'type');
  const claims = await readJsonObject(required(values, 'claims'), 'claims');
  const holder = publicKeyFrom(await readJsonObject(required(values, 'holder'), 'holder key'), '--holder');
  const keyFile = await readJsonObject(required(values, 'issuer-key'), 'issuer key');
  if (!isJsonObject(keyFile.privateJwk)) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--issuer-key must be a key file with "privateJwk" (see "elicense keys")');
  const format = values.format ?? 'dc+sd-jwt';
  if (format !== 'dc+sd-jwt' && format !== 'jwt_vc') throw new ElicenseError('ERR_INVALID_ARGUMENT', `--format must be dc+sd-jwt or jwt_vc, got ${JSON.stringify(format)}`);
  const registryDir = optional(values, 'registry');
  const baseUri = optional(values, 'status-base-uri');
  if (baseUri !== undefined && registryDir === undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--status-base-uri needs --registry');
  const registry = registryDir === undefined ? undefined : await openRegistry(registryDir, baseUri);
  try {
    return await issueWith(values, io, type, claims, holder, keyFile.privateJwk as JWK, format, registry);
  } finally {
    await registry?.close();
  }
}

async function issueWith(
  values: Record<string, unknown>,
  io: CliIo,
  type: string,
  claims: Record<string, unknown>,
  holder: JWK,
  privateJwk: JWK,
  format: 'dc+sd-jwt' | 'jwt_vc',
  registry: OpenRegistry | undefined,
): Promise<number> {
  const issuer = await Issuer.create({
    privateJwk,
    ...didOptions(values),
    ...(registry === undefined ? {} : { status: registry.status }),
  });
  const docOut = optional(values, 'did-doc-out');
  if (docOut !== undefined) await writeText(docOut, JSON.stringify(await issuer.didDocument(), null, 2));
  const validFrom = optional(values, 'valid-from');
  const validUntil = optional(values, 'valid-until');
  const req = {
    type,
    claims,
    holder,
    ...(validFrom === undefined ? {} : { validFrom: parseTime(validFrom, '--valid-from') }),
    ...(validUntil === undefined ? {} : { validUntil: parseTime(validUntil, '--valid-until') }),
  };
  const issued = format === 'jwt_vc' ? await issuer.issueJwtVc(req) : await issuer.issue(req);
  if (typeof values.out === 'string') await writeText(values.out, issued.credential);
  if (values.json) {
    io.stdout(JSON.stringify({ ...issued, issuer: issuer.did }, null, 2));
  } else if (typeof values.out === 'string') {
    const entry = issued.status === undefined ? '' : `, status ${issued.status.uri} #${issued.status.idx}`;
    io.stdout(`issued ${issued.type} ${issued.id} (${issued.format}) by ${issuer.did}${entry} → ${values.out}`);
  } else {
    io.stdout(issued.credential);
  }
  return 0;
}
