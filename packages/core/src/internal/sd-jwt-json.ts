/**
 * Reading the JWS JSON Serialization of an SD-JWT (RFC 9901 §8, RFC 7515 §7.2): every structural rule
 * is checked here, once, for the converters and the verifier. Never exported.
 */
import { ElicenseError } from '../errors.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { decodeJws, type DecodedJws } from '../jws/compact.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../sd-jwt/constants.js';
import { JWT_SHAPE } from './sd-jwt.js';

/** The unprotected header parameter holding the Disclosures (§8.1). */
export const DISCLOSURES = 'disclosures';
/** The unprotected header parameter holding the KB-JWT (§8.1). */
export const KB_JWT = 'kb_jwt';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64URL_OR_EMPTY = /^[A-Za-z0-9_-]*$/;
const WHAT = 'SD-JWT JWS JSON Serialization';

/** One signature, checked and decoded (not verified). */
export interface ReadSignature {
  /** The `protected` member as received. */
  protected: string;
  /** The `signature` member as received. */
  signature: string;
  /** `<protected>.<payload>.<signature>` decoded: protected header, payload, signing input, signature bytes. */
  jws: DecodedJws;
  /** The JOSE Header (protected and unprotected members) without `disclosures` and `kb_jwt`. */
  joseHeader: JsonObject;
}

/** An SD-JWT in the JWS JSON Serialization, checked. */
export interface ReadSdJwtJson {
  /** The `payload` member as received. */
  payload: string;
  /** One signature (flattened) or more (general), in order. */
  signatures: ReadSignature[];
  /** The Disclosures from the (first) unprotected header; `[]` when there are none. */
  disclosures: string[];
  /** The KB-JWT from the (first) unprotected header. */
  kbJwt: string | undefined;
}

function malformed(message: string): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `${WHAT}: ${message}`);
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * Parse (when given text) and check an SD-JWT in the JWS JSON Serialization. Too long → `ERR_INPUT_TOO_LARGE`
 * (the text when given a string, and the equivalent compact form); anything else wrong →
 * `ERR_TOKEN_MALFORMED`: not a JSON object; `payload`, `protected` or `signature` missing or not
 * base64url; flattened and general members mixed; `signatures` not a non-empty array of objects;
 * `header` not an object; a parameter in both the protected and the unprotected header (RFC 7515
 * §7.2.1); `disclosures` not an array of non-empty strings without `~`; `kb_jwt` not a compact JWS;
 * `disclosures` or `kb_jwt` in any but the first signature's header (§8.3); a protected header or
 * payload that is not base64url of a JSON object.
 */
export function readSdJwtJson(input: unknown, maxLength: number = DEFAULT_MAX_TOKEN_LENGTH): ReadSdJwtJson {
  let json: unknown = input;
  if (typeof input === 'string') {
    if (input.length > maxLength) {
      throw new ElicenseError('ERR_INPUT_TOO_LARGE', `${WHAT} is ${input.length} characters, more than the limit of ${maxLength}`, {
        details: { length: input.length, maxLength },
      });
    }
    try {
      json = JSON.parse(input);
    } catch (cause) {
      const hint = input.trimStart().startsWith('{') ? '' : ' (a compact SD-JWT, <JWT>~<Disclosures>~, goes to verifySdJwt / decodeSdJwt)';
      throw new ElicenseError('ERR_TOKEN_MALFORMED', `${WHAT} is not valid JSON${hint}`, { cause });
    }
  }
  if (!isJsonObject(json)) throw malformed(`must be a JSON object, got ${kind(json)}`);

  const payload = json.payload;
  if (typeof payload !== 'string' || !BASE64URL.test(payload)) {
    throw malformed(`"payload" must be the base64url-encoded Issuer-signed JWT payload, got ${payload === undefined ? 'nothing' : kind(payload)}`);
  }

  const headers: unknown[] = [];
  const signatures: ReadSignature[] = [];
  if (Object.hasOwn(json, 'signatures')) {
    for (const member of ['protected', 'signature', 'header']) {
      if (Object.hasOwn(json, member)) throw malformed(`"${member}" belongs inside "signatures" in the General JSON Serialization, not next to it`);
    }
    const list = json.signatures;
    if (!Array.isArray(list) || list.length === 0) throw malformed(`"signatures" must be a non-empty array, got ${kind(list)}`);
    (list as unknown[]).forEach((entry, i) => {
      const where = `signatures[${i}]`;
      if (!isJsonObject(entry)) throw malformed(`${where} must be an object, got ${kind(entry)}`);
      signatures.push(readSignature(entry, payload, where));
      headers.push(entry.header);
      if (i > 0 && isJsonObject(entry.header)) {
        for (const parameter of [DISCLOSURES, KB_JWT]) {
          if (Object.hasOwn(entry.header, parameter)) {
            throw malformed(`"${parameter}" must be in the unprotected header of the first signature only, but ${where}.header has it (RFC 9901 §8.3)`);
          }
        }
      }
    });
  } else {
    signatures.push(readSignature(json, payload, 'the flattened object'));
    headers.push(json.header);
  }

  const first = headers[0];
  let disclosures: string[] = [];
  let kbJwt: string | undefined;
  if (isJsonObject(first)) {
    if (Object.hasOwn(first, DISCLOSURES)) {
      const list = first[DISCLOSURES];
      if (!Array.isArray(list)) throw malformed(`"header.disclosures" must be an array of Disclosure strings, got ${kind(list)}`);
      disclosures = (list as unknown[]).map((d, i) => {
        if (typeof d !== 'string' || d.length === 0 || d.includes('~')) {
          throw malformed(`"header.disclosures[${i}]" must be a non-empty Disclosure string without "~", got ${typeof d === 'string' ? JSON.stringify(d.slice(0, 40)) : kind(d)}`);
        }
        return d;
      });
    }
    if (Object.hasOwn(first, KB_JWT)) {
      const kb = first[KB_JWT];
      if (typeof kb !== 'string' || !JWT_SHAPE.test(kb)) throw malformed(`"header.kb_jwt" must be a Key Binding JWT in compact form, got ${kind(kb)}`);
      kbJwt = kb;
    }
  }

  const result: ReadSdJwtJson = { payload, signatures, disclosures, kbJwt };
  const length = compactOf(result, 0).length;
  if (length > maxLength) {
    throw new ElicenseError('ERR_INPUT_TOO_LARGE', `${WHAT} is ${length} characters in compact form, more than the limit of ${maxLength}`, {
      details: { length, maxLength },
    });
  }
  return result;
}

function readSignature(object: JsonObject, payload: string, where: string): ReadSignature {
  const prot = object.protected;
  if (typeof prot !== 'string' || !BASE64URL.test(prot)) {
    throw malformed(`${where} needs "protected", the base64url-encoded protected header with "alg" (an SD-JWT has one), got ${prot === undefined ? 'nothing' : kind(prot)}`);
  }
  const signature = object.signature;
  if (typeof signature !== 'string' || !BASE64URL_OR_EMPTY.test(signature)) {
    throw malformed(`${where} needs "signature", a base64url string, got ${signature === undefined ? 'nothing' : kind(signature)}`);
  }
  const header = object.header;
  if (header !== undefined && !isJsonObject(header)) throw malformed(`${where}.header must be an object, got ${kind(header)}`);
  const jws = decodeJws(`${prot}.${payload}.${signature}`, 'ERR_TOKEN_MALFORMED', `${WHAT} (${where})`);
  const joseHeader: JsonObject = { ...jws.header };
  if (header !== undefined) {
    for (const name of Object.keys(header)) {
      if (Object.hasOwn(jws.header, name)) {
        throw malformed(`"${name}" is in both the protected and the unprotected header of ${where}; they must be disjoint (RFC 7515 §7.2.1)`);
      }
      if (name !== DISCLOSURES && name !== KB_JWT) Object.defineProperty(joseHeader, name, { value: header[name], enumerable: true, writable: true, configurable: true });
    }
  }
  return { protected: prot, signature, jws, joseHeader };
}

/**
 * The compact SD-JWT(+KB) equivalent to `json`, with the Issuer-signed JWT built from signature
 * `index`: `<protected>.<payload>.<signature>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]` (§8.1).
 */
export function compactOf(json: ReadSdJwtJson, index: number, withKbJwt = true): string {
  const sig = json.signatures[index]!;
  const sdJwt = `${sig.protected}.${json.payload}.${sig.signature}~${json.disclosures.map((d) => `${d}~`).join('')}`;
  return withKbJwt && json.kbJwt !== undefined ? sdJwt + json.kbJwt : sdJwt;
}
