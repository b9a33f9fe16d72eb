import { ElicenseError, decodeJws, isJsonObject, type JsonObject } from '@elicense/core';
import { digestStatusListToken, verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import { verifyBitstringStatusListCredentialJwt, verifyStatusListToken } from '@elicense/status';
import type { BundleIssuer, BundleLedger } from '../types.js';
import { ALGORITHMS, isDid, isKeyReference, isSeconds } from './args.js';
import { sameJson } from './canonical-json.js';
import { keyValidAt } from './key-history.js';

/** What a bundle needs to know about a status list token before verifying it. */
export interface StatusListInfo {
  /** IETF Token Status List (`statuslist+jwt`) or W3C Bitstring Status List credential (VC JWT). */
  kind: 'ietf' | 'w3c';
  /** The issuer's DID (`iss`, or the credential's `issuer`). */
  issuer: string;
  /** Header `kid`: a key reference of the issuer. */
  kid: string;
  /** When it was signed (`iat`; for a credential `iat`, `nbf` or `validFrom`), Unix seconds. */
  issuedAt: number;
  /** The latest of its start times: when it first verifies. */
  notBefore: number;
}

const IETF_TYPES = ['statuslist+jwt', 'application/statuslist+jwt'];

function invalid(message: string): ElicenseError {
  return new ElicenseError('ERR_STATUS_LIST_INVALID', message);
}

function dateTimeSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Decode a status list token enough to find its kind, issuer, kid and time (no signature check).
 * Errors: `ERR_TOKEN_MALFORMED` (not a JWT), `ERR_STATUS_LIST_INVALID` (neither kind, no DID issuer,
 * no key reference of the issuer as `kid`, no time).
 */
export function peekStatusList(token: string): StatusListInfo {
  const { header, payload } = decodeJws(token, 'ERR_TOKEN_MALFORMED', 'status list token');
  let kind: StatusListInfo['kind'];
  let issuer: unknown;
  let times: number[];
  if (typeof header.typ === 'string' && IETF_TYPES.includes(header.typ.toLowerCase())) {
    kind = 'ietf';
    issuer = payload.iss;
    times = [payload.iat, payload.nbf].filter(isSeconds);
    if (!isSeconds(payload.iat)) throw invalid('the status list token has no "iat"');
  } else if (isJsonObject(payload.vc)) {
    kind = 'w3c';
    const vc: JsonObject = payload.vc;
    issuer = payload.iss ?? (isJsonObject(vc.issuer) ? vc.issuer.id : vc.issuer);
    const validFrom = dateTimeSeconds(vc.validFrom);
    times = [payload.iat, payload.nbf, validFrom].filter(isSeconds);
    if (times.length === 0) throw invalid('the status list credential has no issuance time (iat, nbf or validFrom)');
  } else {
    throw invalid('a status list must be an IETF status list token (typ statuslist+jwt) or a W3C Bitstring Status List credential JWT');
  }
  if (!isDid(issuer)) throw invalid(`the status list issuer must be a DID, got ${JSON.stringify(issuer)}`);
  if (!isKeyReference(header.kid, issuer)) {
    throw invalid(`the status list header kid must be a key reference "${issuer}#<fragment>" of its issuer, got ${JSON.stringify(header.kid)}`);
  }
  const issuedAt = kind === 'ietf' ? (payload.iat as number) : times[0]!;
  return { kind, issuer, kid: header.kid, issuedAt, notBefore: Math.max(...times) };
}

/**
 * Verify a status list token with its issuer's key from the key history (valid at the token's
 * issuance time) and return its URI (`sub` of an IETF token, `id` of a credential). `at`: the time
 * its validity period is checked at; `undefined` checks it at its own start (an offline re-check,
 * where freshness is the verifier's policy). Errors are the status package's and the key
 * history's (`ERR_DID_KEY_NOT_FOUND`, `ERR_KEY_RETIRED`, `ERR_KEY_COMPROMISED`).
 */
export async function verifyStatusListEntry(
  token: string,
  issuers: Readonly<Record<string, BundleIssuer>>,
  at: { now: number; clockTolerance: number } | undefined,
): Promise<StatusListInfo & { uri: string }> {
  const info = peekStatusList(token);
  const key = keyValidAt(issuers, info.kid, info.issuedAt).publicJwk;
  const options = { key, issuer: info.issuer, algorithms: ALGORITHMS, now: at?.now ?? info.notBefore, clockTolerance: at?.clockTolerance ?? 0 };
  const { uri } = info.kind === 'ietf' ? await verifyStatusListToken(token, options) : await verifyBitstringStatusListCredentialJwt(token, options);
  return { ...info, uri };
}

/** The anchor names this list and carries the digest of exactly this token (else `ERR_ANCHOR_MISMATCH`). */
export async function checkAnchorDigest(uri: string, token: string, anchor: AnchorReceipt): Promise<void> {
  if (anchor.record.uri !== uri) {
    throw new ElicenseError('ERR_ANCHOR_MISMATCH', `the anchor of status list ${uri} is for ${JSON.stringify(anchor.record.uri)}`, {
      details: { uri, anchored: anchor.record.uri },
    });
  }
  const digest = await digestStatusListToken(token);
  if (anchor.record.digest !== digest) {
    throw new ElicenseError('ERR_ANCHOR_MISMATCH', `status list ${uri}: the token's digest is not the one anchored (version ${anchor.record.version})`, {
      details: { uri, digest, anchored: anchor.record.digest, version: anchor.record.version },
    });
  }
}

/** Two anchors of the same publication: same ledger and record. */
export function sameAnchor(a: AnchorReceipt, b: AnchorReceipt): boolean {
  return a.ledger === b.ledger && sameJson(a.record, b.record);
}

/** Prove an anchor with the file ledger key the bundle carries for its ledger, if it carries one. */
export async function proveAnchorOffline(anchor: AnchorReceipt, ledgers: Readonly<Record<string, BundleLedger>>): Promise<boolean> {
  const ledger = Object.prototype.hasOwnProperty.call(ledgers, anchor.ledger) ? ledgers[anchor.ledger] : undefined;
  if (ledger === undefined) return false;
  await verifyFileLedgerReceipt(anchor, ledger.publicJwk);
  return true;
}

