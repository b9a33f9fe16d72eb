/**
 * Public-key point arithmetic for multikeys, on BigInt and without a curve library: NIST P-256,
 * P-384 and P-521 point validation and (de)compression (SEC 1 v2 §2.3.3–§2.3.4), Ed25519 point
 * validation (RFC 8032 §5.1.3) and the X25519 key birationally equivalent to an Ed25519 key
 * (RFC 7748 §4.1). Only public keys pass through here, so nothing needs to run in constant time.
 */

export type NistCurve = 'P-256' | 'P-384' | 'P-521';

interface ShortWeierstrass {
  /** Field prime; p ≡ 3 (mod 4) for all three curves, so √a = a^((p+1)/4). */
  p: bigint;
  /** Curve constant b of y² = x³ − 3x + b (a = −3 on all three curves). */
  b: bigint;
  /** Coordinate length in bytes. */
  size: number;
}

// FIPS 186-5 / SP 800-186 §3.2.1.3–§3.2.1.5
const NIST: Record<NistCurve, ShortWeierstrass> = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    size: 32,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    size: 48,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    size: 66,
  },
};

// RFC 8032 §5.1: p = 2^255 − 19, d = −121665/121666 (mod p)
const ED_P = 2n ** 255n - 19n;
const ED_D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;

function mod(a: bigint, p: bigint): bigint {
  const r = a % p;
  return r < 0n ? r + p : r;
}

function powMod(base: bigint, exponent: bigint, p: bigint): bigint {
  let result = 1n;
  let b = mod(base, p);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

function toBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1, v = n; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** Is a positive field element a quadratic residue? (Euler's criterion) */
function isSquare(a: bigint, p: bigint): boolean {
  return powMod(a, (p - 1n) / 2n, p) === 1n;
}

/** x³ − 3x + b (mod p): the y² of the point with abscissa x. */
function rightHandSide(c: ShortWeierstrass, x: bigint): bigint {
  return mod(x * x * x - 3n * x + c.b, c.p);
}

/**
 * The affine coordinates (big-endian, `size` bytes each) of a compressed point `02|03 ‖ x`, or
 * `undefined` when the prefix is wrong, x is not below p or no point has that x.
 */
export function decompressNistPoint(crv: NistCurve, compressed: Uint8Array): { x: Uint8Array; y: Uint8Array } | undefined {
  const c = NIST[crv];
  const prefix = compressed[0];
  if (compressed.length !== 1 + c.size || (prefix !== 2 && prefix !== 3)) return undefined;
  const x = toBigInt(compressed.subarray(1));
  if (x >= c.p) return undefined;
  const y2 = rightHandSide(c, x);
  let y = powMod(y2, (c.p + 1n) / 4n, c.p);
  if ((y * y) % c.p !== y2) return undefined;
  if (Number(y & 1n) !== (prefix & 1)) y = mod(-y, c.p);
  return { x: compressed.slice(1), y: toBytes(y, c.size) };
}

/** Do the big-endian coordinates x, y (each `size` bytes) name a point on the curve, both below p? */
export function isNistPoint(crv: NistCurve, x: Uint8Array, y: Uint8Array): boolean {
  const c = NIST[crv];
  if (x.length !== c.size || y.length !== c.size) return false;
  const xn = toBigInt(x);
  const yn = toBigInt(y);
  return xn < c.p && yn < c.p && (yn * yn) % c.p === rightHandSide(c, xn);
}

/** The compressed form `02|03 ‖ x` of a point, or `undefined` when x, y are not a point on the curve. */
export function compressNistPoint(crv: NistCurve, x: Uint8Array, y: Uint8Array): Uint8Array | undefined {
  if (!isNistPoint(crv, x, y)) return undefined;
  const out = new Uint8Array(1 + x.length);
  out[0] = 2 + ((y[y.length - 1] ?? 0) & 1);
  out.set(x, 1);
  return out;
}

/** The y-coordinate and sign bit of an encoded Ed25519 point (little-endian, RFC 8032 §5.1.2). */
function edwardsY(raw: Uint8Array): { y: bigint; sign: number } {
  const le = raw.slice().reverse();
  const sign = (le[0] ?? 0) >> 7;
  le[0] = (le[0] ?? 0) & 0x7f;
  return { y: toBigInt(le), sign };
}

/**
 * Is `raw` (32 bytes) the canonical encoding of a point on Ed25519 (RFC 8032 §5.1.3: y < p,
 * x² = (y² − 1)/(d·y² + 1) has a root, and x = 0 carries sign bit 0)?
 */
export function isEd25519Point(raw: Uint8Array): boolean {
  if (raw.length !== 32) return false;
  const { y, sign } = edwardsY(raw);
  if (y >= ED_P) return false;
  const y2 = (y * y) % ED_P;
  const u = mod(y2 - 1n, ED_P);
  const v = (ED_D * y2 + 1n) % ED_P; // never 0: d is not a square
  // u/v is a square exactly when u·v is (v ≠ 0); x = 0 exactly when u = 0
  return u === 0n ? sign === 0 : isSquare((u * v) % ED_P, ED_P);
}

/**
 * The X25519 public key u = (1 + y)/(1 − y) of an Ed25519 public key (RFC 7748 §4.1), little-endian;
 * `undefined` for the neutral point (y = 1), which has none. Validate the point first.
 */
export function ed25519PointToX25519(raw: Uint8Array): Uint8Array | undefined {
  const { y } = edwardsY(raw);
  const denominator = mod(1n - y, ED_P);
  if (denominator === 0n) return undefined;
  const u = ((1n + y) * powMod(denominator, ED_P - 2n, ED_P)) % ED_P;
  return toBytes(u, 32).reverse();
}
