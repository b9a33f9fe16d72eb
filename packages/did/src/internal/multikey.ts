import { decodeBase64url, ElicenseError, encodeBase64url, type ErrorCode, type JWK } from '@elicense/core';
import { decodeBase58btc, encodeBase58btc } from './base58.js';
import { compressNistPoint, decompressNistPoint, ed25519PointToX25519, isEd25519Point, isNistPoint, type NistCurve } from './curve-points.js';
import { MAX_MULTIBASE_LENGTH } from './limits.js';
import { decodeVarint, encodeVarint } from './varint.js';

/** The multicodec public key types elicense decodes (multicodec table names). */
export type KeyCodecName = 'ed25519-pub' | 'x25519-pub' | 'p256-pub' | 'p384-pub' | 'p521-pub';

interface CodecInfo {
  name: KeyCodecName;
  code: number;
  /** Raw public key length in bytes (EC keys compressed). */
  length: number;
  kty: 'OKP' | 'EC';
  crv: 'Ed25519' | 'X25519' | 'P-256' | 'P-384' | 'P-521';
}

const CODECS: readonly CodecInfo[] = [
  { name: 'ed25519-pub', code: 0xed, length: 32, kty: 'OKP', crv: 'Ed25519' },
  { name: 'x25519-pub', code: 0xec, length: 32, kty: 'OKP', crv: 'X25519' },
  { name: 'p256-pub', code: 0x1200, length: 33, kty: 'EC', crv: 'P-256' },
  { name: 'p384-pub', code: 0x1201, length: 49, kty: 'EC', crv: 'P-384' },
  { name: 'p521-pub', code: 0x1202, length: 67, kty: 'EC', crv: 'P-521' },
];

/** Public key codecs that exist in the multicodec table but that elicense does not resolve. */
const KNOWN_UNSUPPORTED: Record<number, string> = {
  0xe7: 'secp256k1-pub',
  0xea: 'bls12_381-g1-pub',
  0xeb: 'bls12_381-g2-pub',
  0xee: 'bls12_381-g1g2-pub',
  0x1203: 'ed448-pub',
  0x1205: 'rsa-pub',
};

const SUPPORTED_NAMES = CODECS.map((c) => c.name).join(', ');

function isNistCurve(crv: unknown): crv is NistCurve {
  return crv === 'P-256' || crv === 'P-384' || crv === 'P-521';
}

/** Coordinate length in bytes of a NIST curve. */
function coordinateLength(crv: string): number {
  return crv === 'P-256' ? 32 : crv === 'P-384' ? 48 : 66;
}

/** A decoded multikey: codec, raw public key bytes and the equivalent public JWK. */
export interface DecodedMultikey {
  codec: KeyCodecName;
  raw: Uint8Array;
  jwk: JWK;
}

/**
 * Decode a multibase-encoded multicodec public key (a did:key value or a `publicKeyMultibase`):
 * base58btc (`z`) always, base64url (`u`) when `allowBase64url`; then the unsigned-varint codec
 * header, the key length per codec, and that the bytes are a valid point on the curve.
 */
export function decodeMultikey(multibase: string, code: ErrorCode, what: string, allowBase64url = false): DecodedMultikey {
  if (multibase.length > MAX_MULTIBASE_LENGTH) {
    throw new ElicenseError(code, `${what} is too long (${multibase.length} characters; at most ${MAX_MULTIBASE_LENGTH})`);
  }
  const prefix = multibase[0];
  let bytes: Uint8Array | undefined;
  if (prefix === 'z') {
    bytes = decodeBase58btc(multibase.slice(1));
    if (bytes === undefined) throw new ElicenseError(code, `${what} is not valid multibase: not base58btc after the "z" prefix`);
  } else if (prefix === 'u' && allowBase64url) {
    bytes = decodeBase64url(multibase.slice(1), code, `${what} (multibase base64url after the "u" prefix)`);
  } else {
    throw new ElicenseError(
      code,
      `${what} must be multibase base58btc (starting with "z")${allowBase64url ? ' or base64url ("u")' : ''}, got prefix ${JSON.stringify(prefix ?? '')}`,
    );
  }
  const header = decodeVarint(bytes);
  if (header === undefined) throw new ElicenseError(code, `${what} does not start with a multicodec varint`);
  if (!header.minimal) throw new ElicenseError(code, `${what} has a non-minimal multicodec varint`);
  const { value: codecValue, length: headerLength } = header;
  const info = CODECS.find((c) => c.code === codecValue);
  if (!info) {
    const known = KNOWN_UNSUPPORTED[codecValue];
    throw new ElicenseError(
      code,
      `${what} uses multicodec 0x${codecValue.toString(16)}${known ? ` (${known})` : ''}, which is not supported; supported: ${SUPPORTED_NAMES}`,
      { details: { multicodec: codecValue } },
    );
  }
  const raw = bytes.subarray(headerLength);
  if (raw.length !== info.length) {
    throw new ElicenseError(code, `${what}: a ${info.name} key must be ${info.length} bytes, got ${raw.length}`, {
      details: { multicodec: codecValue, length: raw.length },
    });
  }
  return { codec: info.name, raw: raw.slice(), jwk: rawToJwk(info, raw, code, what) };
}

function rawToJwk(info: CodecInfo, raw: Uint8Array, code: ErrorCode, what: string): JWK {
  if (info.kty === 'OKP') {
    if (info.crv === 'Ed25519') assertEd25519Point(raw, code, what);
    return { kty: 'OKP', crv: info.crv, x: encodeBase64url(raw) };
  }
  const point = decompressNistPoint(info.crv as NistCurve, raw);
  if (point === undefined) throw new ElicenseError(code, `${what} is not a valid compressed ${info.crv} point`);
  return { kty: 'EC', crv: info.crv, x: encodeBase64url(point.x), y: encodeBase64url(point.y) };
}

function assertEd25519Point(raw: Uint8Array, code: ErrorCode, what: string): void {
  if (!isEd25519Point(raw)) throw new ElicenseError(code, `${what} is not a valid Ed25519 public key`);
}

/**
 * Encode a public JWK (Ed25519, X25519, P-256, P-384, P-521) as a base58btc multikey: `z` +
 * base58btc(varint(codec) ‖ raw key), EC points compressed. Bad keys throw ERR_KEY_INVALID.
 */
export function encodeMultikey(jwk: JWK): string {
  const info = CODECS.find((c) => c.kty === jwk.kty && c.crv === jwk.crv);
  if (!info) {
    throw new ElicenseError(
      'ERR_KEY_INVALID',
      `cannot encode a ${String(jwk.kty)}/${String(jwk.crv)} key as a multikey; supported: OKP Ed25519/X25519, EC P-256/P-384/P-521`,
    );
  }
  let raw: Uint8Array;
  if (info.kty === 'OKP') {
    raw = coordinate(jwk, 'x', info.length);
    if (info.crv === 'Ed25519') assertEd25519Point(raw, 'ERR_KEY_INVALID', 'JWK "x"');
  } else {
    const n = coordinateLength(info.crv);
    const x = coordinate(jwk, 'x', n);
    const y = coordinate(jwk, 'y', n);
    const compressed = compressNistPoint(info.crv as NistCurve, x, y);
    if (compressed === undefined) throw new ElicenseError('ERR_KEY_INVALID', `JWK x/y are not a point on ${info.crv}`);
    raw = compressed;
  }
  const header = encodeVarint(info.code);
  const bytes = new Uint8Array(header.length + raw.length);
  bytes.set(header, 0);
  bytes.set(raw, header.length);
  return `z${encodeBase58btc(bytes)}`;
}

function coordinate(jwk: JWK, member: 'x' | 'y', length: number): Uint8Array {
  const v = jwk[member];
  if (typeof v !== 'string') throw new ElicenseError('ERR_KEY_INVALID', `JWK member "${member}" must be a base64url string`);
  const bytes = decodeBase64url(v, 'ERR_KEY_INVALID', `JWK "${member}"`);
  if (bytes.length !== length) {
    throw new ElicenseError('ERR_KEY_INVALID', `JWK "${member}" of a ${String(jwk.crv)} key must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * The X25519 key-agreement key birationally equivalent to a (valid) Ed25519 public key (RFC 7748 §4.1).
 * The neutral point has none: `code`.
 */
export function ed25519ToX25519(raw: Uint8Array, code: ErrorCode, what: string): Uint8Array {
  const u = ed25519PointToX25519(raw);
  if (u === undefined) throw new ElicenseError(code, `${what} is the Ed25519 neutral point, which has no X25519 equivalent`);
  return u;
}

/** Encode a raw X25519 public key as a base58btc multikey (`z6LS…`). */
export function encodeX25519Multikey(raw: Uint8Array): string {
  const bytes = new Uint8Array(2 + raw.length);
  bytes[0] = 0xec;
  bytes[1] = 0x01;
  bytes.set(raw, 2);
  return `z${encodeBase58btc(bytes)}`;
}

/** Decode a plain (un-prefixed) base58btc string, as used by `publicKeyBase58`. */
export function decodeBase58(value: string, code: ErrorCode, what: string): Uint8Array {
  if (value.length > MAX_MULTIBASE_LENGTH) throw new ElicenseError(code, `${what} is too long (${value.length} characters)`);
  const bytes = decodeBase58btc(value);
  if (bytes === undefined) throw new ElicenseError(code, `${what} is not valid base58btc`);
  return bytes;
}

/** A public JWK for a raw OKP key (Ed25519 or X25519), validating the length and, for Ed25519, the point. */
export function okpJwk(crv: 'Ed25519' | 'X25519', raw: Uint8Array, code: ErrorCode, what: string): JWK {
  if (raw.length !== 32) throw new ElicenseError(code, `${what}: an ${crv} key must be 32 bytes, got ${raw.length}`);
  if (crv === 'Ed25519') assertEd25519Point(raw, code, what);
  return { kty: 'OKP', crv, x: encodeBase64url(raw) };
}

/** Check that an EC JWK's x/y are canonical coordinates of a point on its NIST curve. */
export function assertEcPoint(jwk: JWK, code: ErrorCode, what: string): void {
  const crv = jwk.crv;
  if (!isNistCurve(crv)) return;
  const n = coordinateLength(crv);
  let x: Uint8Array;
  let y: Uint8Array;
  try {
    x = coordinate(jwk, 'x', n);
    y = coordinate(jwk, 'y', n);
  } catch (cause) {
    throw new ElicenseError(code, `${what}: ${(cause as Error).message}`, { cause });
  }
  if (!isNistPoint(crv, x, y)) throw new ElicenseError(code, `${what}: x/y are not a point on ${crv}`);
}
