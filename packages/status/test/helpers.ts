import { expect } from 'vitest';
import { ElicenseError, type ErrorCode } from '@elicense/core';

export { loadJson, readVector } from '../../../test/helpers/vectors.js';
export { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

/** The `code` of the ElicenseError a synchronous `run` throws; `undefined` when it succeeds. */
export function syncCodeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return (e as ElicenseError).code;
  }
  return undefined;
}

/** Bytes of a hex string. */
export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/**
 * The `bits` and `lst` of a CBOR StatusList `{ "bits": uint, "lst": bstr }` — just enough CBOR
 * (RFC 8949) for the spec's examples: a definite map of text keys to unsigned integers and byte strings.
 */
export function decodeCborStatusList(bytes: Uint8Array): { bits: number; lst: Uint8Array } {
  let p = 0;
  const head = (): [number, number] => {
    const b = bytes[p++]!;
    const major = b >> 5;
    const info = b & 31;
    if (info < 24) return [major, info];
    const n = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : -1;
    if (n < 0) throw new Error(`unsupported CBOR additional info ${info}`);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + bytes[p++]!;
    return [major, v];
  };
  const [mapMajor, pairs] = head();
  if (mapMajor !== 5) throw new Error('not a CBOR map');
  const out: Record<string, number | Uint8Array> = {};
  for (let i = 0; i < pairs; i++) {
    const [km, kl] = head();
    if (km !== 3) throw new Error('CBOR map key is not text');
    const key = Buffer.from(bytes.subarray(p, p + kl)).toString('utf8');
    p += kl;
    const [vm, v] = head();
    if (vm === 0) out[key] = v;
    else if (vm === 2) {
      out[key] = bytes.slice(p, p + v);
      p += v;
    } else throw new Error(`unsupported CBOR major type ${vm}`);
  }
  if (p !== bytes.length) throw new Error('trailing bytes after the CBOR map');
  return { bits: out.bits as number, lst: out.lst as Uint8Array };
}

/** The text of an example file after its `encoded:` line (or all of it), whitespace removed. */
export function exampleBody(text: string): string {
  const at = text.indexOf('encoded:');
  return (at < 0 ? text : text.slice(at + 'encoded:'.length)).replace(/\s+/g, '');
}
