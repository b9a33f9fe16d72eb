import { ElicenseError, decodeJws, isJsonObject, signingKeyFromJwk, type JWK, type SigningKey } from '@elicense/core';
import { createAccreditation, createAccreditationRevocation } from '@elicense/trust';
import { list, optional, parse, required } from '../internal/args.js';
import { readJsonObject, writeText, type CliIo } from '../internal/io.js';
import { parseTime } from '../internal/time.js';

export const accreditUsage = `elicense accredit --authority-key KEY --subject DID --type TYPE [--type TYPE ...] --valid-until TIME
                  [--valid-from TIME] [--may-accredit] [--id ID] [--now TIME] [--out FILE] [--json]
elicense accredit --revoke ID --authority-key KEY [--revoked-at TIME] [--reason TEXT] [--now TIME] [--out FILE] [--json]
  A root (or accredited intermediate) authority allows an agency to issue licence types, signed and
  time-bounded (an accreditation+jwt); --may-accredit lets the agency accredit others for those types.
  --revoke withdraws an accreditation from --revoked-at on (default now). KEY is a key file from
  "elicense keys" (its kid names the authority's key). Give the results to "elicense bundle".`;

/** The signing key of a key file from `elicense keys` (`privateJwk` and `kid`). */
export async function signingKeyFromFile(path: string, flag: string): Promise<SigningKey & { publicJwk: JWK; did: string }> {
  const file = await readJsonObject(path, flag);
  if (!isJsonObject(file.privateJwk) || typeof file.kid !== 'string' || !isJsonObject(file.publicJwk)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${flag} must be a key file with "privateJwk", "publicJwk" and "kid" (see "elicense keys")`);
  }
  const did = file.kid.split('#')[0]!;
  return { ...signingKeyFromJwk(file.privateJwk as JWK, file.kid), publicJwk: file.publicJwk as JWK, did };
}

/** `elicense accredit`: sign an accreditation, or its revocation. */
export async function accreditCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    'authority-key': { type: 'string' },
    subject: { type: 'string' },
    type: { type: 'string', multiple: true },
    'valid-from': { type: 'string' },
    'valid-until': { type: 'string' },
    'may-accredit': { type: 'boolean' },
    id: { type: 'string' },
    revoke: { type: 'string' },
    'revoked-at': { type: 'string' },
    reason: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return io.stdout(accreditUsage), 0;
  const authority = await signingKeyFromFile(required(values, 'authority-key'), '--authority-key');
  const nowText = optional(values, 'now');
  const now = nowText === undefined ? {} : { now: parseTime(nowText, '--now') };
  const revoke = optional(values, 'revoke');
  let jwt: string;
  if (revoke !== undefined) {
    for (const flag of ['subject', 'type', 'valid-from', 'valid-until', 'may-accredit', 'id']) {
      if (values[flag] !== undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--${flag} does not go with --revoke`);
    }
    const revokedAt = optional(values, 'revoked-at');
    const reason = optional(values, 'reason');
    jwt = await createAccreditationRevocation({
      authority,
      accreditation: revoke,
      ...(revokedAt === undefined ? {} : { revokedAt: parseTime(revokedAt, '--revoked-at') }),
      ...(reason === undefined ? {} : { reason }),
      ...now,
    });
  } else {
    if (values['revoked-at'] !== undefined || values.reason !== undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', '--revoked-at and --reason go with --revoke ID');
    }
    const types = list(values.type);
    if (types.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--type is required: the licence types the agency may issue');
    const validFrom = optional(values, 'valid-from');
    const id = optional(values, 'id');
    jwt = await createAccreditation({
      authority,
      subject: required(values, 'subject'),
      types,
      validUntil: parseTime(required(values, 'valid-until'), '--valid-until'),
      ...(validFrom === undefined ? {} : { validFrom: parseTime(validFrom, '--valid-from') }),
      ...(values['may-accredit'] === true ? { mayAccredit: true } : {}),
      ...(id === undefined ? {} : { id }),
      ...now,
    });
  }
  const { payload } = decodeJws(jwt);
  const out = optional(values, 'out');
  if (out !== undefined) await writeText(out, jwt);
  if (values.json) {
    io.stdout(JSON.stringify({ ...(out === undefined ? { jwt } : { out }), ...payload }, null, 2));
  } else if (out === undefined) {
    io.stdout(jwt);
  } else if (revoke !== undefined) {
    io.stdout(`revoked accreditation ${revoke} from ${new Date(Number(payload.revoked_at) * 1000).toISOString()} → ${out}`);
  } else {
    io.stdout(`accredited ${String(payload.sub)} for ${(payload.vct as string[]).join(', ')} by ${String(payload.iss)} (id ${String(payload.jti)}) → ${out}`);
  }
  return 0;
}
