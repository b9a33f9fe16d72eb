import { ElicenseError, isJsonObject, type JWK } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { optional, parse, required } from '../internal/args.js';
import { readJsonObject, writeText, type CliIo } from '../internal/io.js';
import { parseTime } from '../internal/time.js';

export const issueUsage = `elicense issue --type TYPE --claims claims.json --holder holder.json --issuer-key issuer.json
               [--format dc+sd-jwt|jwt_vc] [--did-web DOMAIN] [--valid-from DATE] [--valid-until DATE] [--out FILE] [--json]
  Issue a licence. TYPE is business_licence, resident_id_card, driving_licence, marriage_certificate (or a vct).
  --holder is the holder's public JWK (or a key file from "elicense keys"); --issuer-key a key file with privateJwk.
  --did-web issues under did:web:DOMAIN instead of did:key. Prints the credential (or writes it to --out).`;

/** Take the public JWK out of a JWK file or a key file ({ publicJwk }). */
export function publicKeyFrom(file: Record<string, unknown>, what: string): JWK {
  const jwk = isJsonObject(file.publicJwk) ? file.publicJwk : file;
  if (typeof jwk.kty !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `${what} must be a JWK or a key file with "publicJwk"`);
  const { d: _d, ...pub } = jwk as JWK;
  return pub;
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
    'valid-from': { type: 'string' },
    'valid-until': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return io.stdout(issueUsage), 0;
  const type = required(values, 'type');
  const claims = await readJsonObject(required(values, 'claims'), 'claims');
  const holder = publicKeyFrom(await readJsonObject(required(values, 'holder'), 'holder key'), '--holder');
  const keyFile = await readJsonObject(required(values, 'issuer-key'), 'issuer key');
  if (!isJsonObject(keyFile.privateJwk)) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--issuer-key must be a key file with "privateJwk" (see "elicense keys")');
  const format = values.format ?? 'dc+sd-jwt';
  if (format !== 'dc+sd-jwt' && format !== 'jwt_vc') throw new ElicenseError('ERR_INVALID_ARGUMENT', `--format must be dc+sd-jwt or jwt_vc, got ${JSON.stringify(format)}`);
  const issuer = await Issuer.create({
    privateJwk: keyFile.privateJwk as JWK,
    ...(typeof values['did-web'] === 'string' ? { method: 'web' as const, domain: values['did-web'] } : { method: 'key' as const }),
  });
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
    io.stdout(`issued ${issued.type} ${issued.id} (${issued.format}) by ${issuer.did} → ${values.out}`);
  } else {
    io.stdout(issued.credential);
  }
  return 0;
}
