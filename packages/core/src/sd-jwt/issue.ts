import { encodeBase64url } from '../base64url.js';
import { getHasher } from '../crypto/hash.js';
import type { Hasher } from '../crypto/types.js';
import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { utf8Encode } from '../internal/bytes.js';
import { assertSigningKey, MAX_DEPTH, setOwn } from '../internal/sd-jwt.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { signJwt } from '../jws/sign.js';
import { DEFAULT_SD_ALG, SD_ALG_KEY, SD_ARRAY_ELEMENT_KEY, SD_DIGESTS_KEY } from './constants.js';
import type { DisclosureFrame, IssueSdJwtOptions } from './types.js';

const INDEX = /^(0|[1-9][0-9]*)$/;
const MAX_DECOYS = 1000;
const RESERVED: ReadonlySet<string> = new Set([SD_DIGESTS_KEY, SD_ARRAY_ELEMENT_KEY, SD_ALG_KEY]);

/**
 * Issue an SD-JWT: make the claims the frame names selectively disclosable (recursively, with decoys),
 * sign the payload (with `_sd_alg`) and append the Disclosures. Returns the compact form, ending with `~`.
 *
 * Claims must be plain JSON (no `undefined`, functions, dates, non-finite numbers) and must not use the
 * names `_sd`, `...` or `_sd_alg`; bad claims, frames or options throw `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const sdJwt = await issueSdJwt(
 *   { iss: 'https://issuer.example.com', given_name: 'John', address: { country: 'US', locality: 'Anytown' } },
 *   { signer: signingKeyFromJwk(issuerPrivateJwk), frame: { _sd: ['given_name'], address: { _sd: ['locality'] } } },
 * )
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4
 */
export async function issueSdJwt(payload: JsonObject, options: IssueSdJwtOptions): Promise<string> {
  if (!isJsonObject(payload)) throw invalidArgument('payload', 'a JSON object', payload);
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
  assertSigningKey(options.signer, 'options.signer');
  const hashAlg = options.hashAlg ?? DEFAULT_SD_ALG;
  const hasher = getHasher(hashAlg);
  if (options.header !== undefined && !isJsonObject(options.header)) throw invalidArgument('options.header', 'a JSON object', options.header);
  if (options.frame !== undefined && !isJsonObject(options.frame)) throw invalidArgument('options.frame', 'a disclosure frame object', options.frame);
  if (options.randomBytes !== undefined && typeof options.randomBytes !== 'function') throw invalidArgument('options.randomBytes', 'a function', options.randomBytes);
  if (options.saltGenerator !== undefined && typeof options.saltGenerator !== 'function') throw invalidArgument('options.saltGenerator', 'a function', options.saltGenerator);
  checkClaims(payload, [], 0);

  const randomBytes = options.randomBytes ?? defaultRandomBytes;
  const random = (n: number): Uint8Array => {
    const b = randomBytes(n);
    if (!(b instanceof Uint8Array) || b.length !== n) throw invalidArgument('options.randomBytes(n)', `a Uint8Array of length ${n}`, b);
    return b;
  };
  const saltGenerator = options.saltGenerator ?? ((): string => encodeBase64url(random(16)));
  const ctx: Context = { hasher, random, saltGenerator, disclosures: [], digests: new Set() };

  const body = (await applyFrame(payload, options.frame, [], ctx)) as JsonObject;
  // With a frame, applyFrame built `body` afresh; without one it is the caller's payload, which is copied.
  let signed = body;
  if (body === payload) {
    signed = {};
    for (const key of Object.keys(body)) setOwn(signed, key, body[key]);
  }
  signed[SD_ALG_KEY] = hashAlg;
  const jwt = await signJwt(options.header ?? {}, signed, options.signer);
  return `${jwt}~${ctx.disclosures.map((d) => `${d}~`).join('')}`;
}

interface Context {
  hasher: Hasher;
  random: (n: number) => Uint8Array;
  saltGenerator: () => string;
  /** Encoded Disclosures, in creation order. */
  disclosures: string[];
  /** Every digest written so far (real and decoy), to refuse repeats. */
  digests: Set<string>;
}

function where(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the top level' : path.join('.');
}

/** Claims must be plain JSON without the reserved SD-JWT names. `path` is the claim's path, pushed and popped as the walk goes. */
function checkClaims(value: unknown, path: (string | number)[], depth: number): void {
  if (depth > MAX_DEPTH) throw new ElicenseError('ERR_INVALID_ARGUMENT', `claims are nested more than ${MAX_DEPTH} levels deep (a cycle?) at ${where(path)}`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim ${where(path)} is ${value}, which JSON cannot carry`);
    return;
  }
  if (Array.isArray(value)) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      checkClaims(items[i], path, depth + 1);
      path.pop();
    }
    return;
  }
  if (isJsonObject(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim ${where(path)} is a ${(value as object).constructor?.name ?? 'non-plain object'}; claims must be plain JSON (convert dates to strings or numbers)`);
    }
    for (const key of Object.keys(value)) {
      if (RESERVED.has(key)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim name ${JSON.stringify(key)} at ${where(path)} is reserved by SD-JWT`);
      path.push(key);
      checkClaims(value[key], path, depth + 1);
      path.pop();
    }
    return;
  }
  throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim ${where(path)} is ${typeof value}, which JSON cannot carry`);
}

function frameEntries(frame: DisclosureFrame, path: readonly (string | number)[]): { sd: (string | number)[]; decoys: number; nested: Map<string, unknown> } {
  const sdRaw = frame._sd;
  if (sdRaw !== undefined && !Array.isArray(sdRaw)) throw invalidArgument(`frame _sd at ${where(path)}`, 'an array of claim names or indices', sdRaw);
  const sd = [...((sdRaw ?? []) as unknown[])].map((k) => {
    if (typeof k !== 'string' && !(typeof k === 'number' && Number.isSafeInteger(k) && k >= 0)) {
      throw invalidArgument(`frame _sd entry at ${where(path)}`, 'a claim name or a non-negative index', k);
    }
    return k;
  });
  const decoys = frame._sd_decoy ?? 0;
  if (typeof decoys !== 'number' || !Number.isSafeInteger(decoys) || decoys < 0 || decoys > MAX_DECOYS) {
    throw invalidArgument(`frame _sd_decoy at ${where(path)}`, `an integer from 0 to ${MAX_DECOYS}`, decoys);
  }
  const nested = new Map<string, unknown>();
  for (const key of Object.keys(frame)) {
    if (key === SD_DIGESTS_KEY || key === '_sd_decoy') continue;
    const sub = frame[key];
    if (sub === undefined) continue;
    if (!isJsonObject(sub)) throw invalidArgument(`frame at ${where([...path, key])}`, 'a disclosure frame object', sub);
    nested.set(key, sub);
  }
  return { sd, decoys, nested };
}

async function applyFrame(value: unknown, frame: unknown, path: (string | number)[], ctx: Context): Promise<unknown> {
  if (frame === undefined) return value;
  if (!isJsonObject(frame)) throw invalidArgument(`frame at ${where(path)}`, 'a disclosure frame object', frame);
  const { sd, decoys, nested } = frameEntries(frame as DisclosureFrame, path);

  if (Array.isArray(value)) {
    const items = value as unknown[];
    const sdIndices = new Set<number>();
    for (const k of sd) {
      const i = typeof k === 'number' ? k : INDEX.test(k) ? Number(k) : -1;
      if (i < 0) throw invalidArgument(`frame _sd entry at ${where(path)} (an array)`, 'an array index', k);
      sdIndices.add(i);
    }
    for (const key of nested.keys()) {
      if (!INDEX.test(key)) throw invalidArgument(`frame key at ${where(path)} (an array)`, 'an array index', key);
    }
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const sub = nested.size === 0 ? undefined : nested.get(String(i));
      const v = sub === undefined ? items[i] : await applyFrame(items[i], sub, [...path, i], ctx);
      if (sdIndices.has(i)) {
        const digest = addDisclosure([ctx.saltGenerator(), v], ctx);
        out.push({ [SD_ARRAY_ELEMENT_KEY]: typeof digest === 'string' ? digest : await digest });
      } else out.push(v);
    }
    for (let n = 0; n < decoys; n++) {
      const decoy = { [SD_ARRAY_ELEMENT_KEY]: await decoyDigest(ctx) };
      out.splice(randomIndex(out.length + 1, ctx), 0, decoy);
    }
    return out;
  }

  if (isJsonObject(value)) {
    const sdNames = new Set(sd.map(String));
    const plain: [string, unknown][] = [];
    const digests: string[] = [];
    for (const key of Object.keys(value)) {
      const sub = nested.size === 0 ? undefined : nested.get(key);
      const v = sub === undefined ? value[key] : await applyFrame(value[key], sub, [...path, key], ctx);
      if (sdNames.has(key)) {
        const digest = addDisclosure([ctx.saltGenerator(), key, v], ctx);
        digests.push(typeof digest === 'string' ? digest : await digest);
      } else plain.push([key, v]);
    }
    for (let n = 0; n < decoys; n++) digests.push(await decoyDigest(ctx));
    const out: JsonObject = {};
    if (digests.length > 0) out[SD_DIGESTS_KEY] = digests.sort();
    for (const [k, v] of plain) setOwn(out, k, v);
    return out;
  }

  if (sd.length > 0 || decoys > 0 || nested.size > 0) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `the frame at ${where(path)} expects an object or an array, but the claim is ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** Encode a Disclosure and return its digest: synchronously when the hasher is synchronous (node:crypto, noble). */
function addDisclosure(content: unknown[], ctx: Context): string | Promise<string> {
  const salt = content[0];
  if (typeof salt !== 'string' || salt.length === 0) throw invalidArgument('options.saltGenerator()', 'a non-empty string', salt);
  const encoded = encodeBase64url(JSON.stringify(content));
  const hash = ctx.hasher(utf8Encode(encoded));
  return hash instanceof Uint8Array ? recordDisclosure(encoded, hash, ctx) : Promise.resolve(hash).then((h) => recordDisclosure(encoded, h, ctx));
}

function recordDisclosure(encoded: string, hash: Uint8Array, ctx: Context): string {
  const digest = encodeBase64url(hash);
  if (ctx.digests.has(digest)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'two Disclosures have the same digest: options.saltGenerator must return a fresh random salt every time');
  }
  ctx.digests.add(digest);
  ctx.disclosures.push(encoded);
  return digest;
}

async function decoyDigest(ctx: Context): Promise<string> {
  const digest = encodeBase64url(await ctx.hasher(ctx.random(16)));
  if (ctx.digests.has(digest)) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options.randomBytes returned the same bytes twice for decoy digests');
  ctx.digests.add(digest);
  return digest;
}

function randomIndex(n: number, ctx: Context): number {
  const b = ctx.random(4);
  return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % n;
}

// Salts are drawn from a pool filled by one CSPRNG call, not one call per 16-byte salt; every byte is handed out once.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

function defaultRandomBytes(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (!c || typeof c.getRandomValues !== 'function') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'no CSPRNG (crypto.getRandomValues) here; pass options.randomBytes or options.saltGenerator');
  }
  if (n > POOL_SIZE / 4) return c.getRandomValues(new Uint8Array(n));
  if (poolOffset + n > pool.length) {
    pool = c.getRandomValues(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
}
