/** Property tests: any subset of Disclosures, any flipped character, any decoys, any garbage. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ElicenseError,
  generateKeyPair,
  issueSdJwt,
  presentSdJwt,
  processSdJwt,
  signingKeyFromJwk,
  verifySdJwt,
  type ErrorCode,
  type GeneratedKeyPair,
  type JsonObject,
  type SigningKey,
} from '@elicense/core';
import { expectedClaims, sdPaths, toFrame, toValue, type Annotated } from './sd-yaml.js';

let issuer: GeneratedKeyPair;
let issuerKey: SigningKey;
beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true });
  issuerKey = signingKeyFromJwk(issuer.privateJwk!);
});

const RESERVED = new Set(['_sd', '...', '_sd_alg', 'exp', 'nbf', 'iat', 'cnf']);
const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !RESERVED.has(k));
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)).map((value): Annotated => ({ kind: 'scalar', value }));

/** Claim trees with `sd` marks on object keys and array elements. */
const tree = fc.letrec<{ node: Annotated; map: Annotated; seq: Annotated }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc
    .uniqueArray(fc.record({ key, sd: fc.boolean(), child: tie('node') }), { selector: (e) => e.key, maxLength: 4 })
    .map((entries): Annotated => ({ kind: 'map', entries })),
  seq: fc.array(fc.record({ sd: fc.boolean(), child: tie('node') }), { maxLength: 4 }).map((items): Annotated => ({ kind: 'seq', items })),
})).map;

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

async function issue(claims: Annotated, decoys = 0): Promise<string> {
  const frame = toFrame(claims);
  return issueSdJwt(toValue(claims) as JsonObject, { signer: issuerKey, ...(frame ? { frame: decoys ? addDecoys(frame, decoys) : frame } : {}) });
}

function addDecoys(frame: JsonObject, n: number): JsonObject {
  const out: JsonObject = { _sd_decoy: n };
  for (const [k, v] of Object.entries(frame)) out[k] = k === '_sd' ? v : addDecoys(v as JsonObject, n);
  return out;
}

async function codeOrOk(run: Promise<unknown>): Promise<ErrorCode | 'ok'> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (!(e instanceof ElicenseError)) throw new Error(`not an ElicenseError: ${String(e)}`, { cause: e });
    return e.code;
  }
}

describe('properties', () => {
  it('any subset of the issued Disclosures verifies and yields exactly the disclosed claims (or is refused as unreferenced when a parent is missing)', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.infiniteStream(fc.boolean()), async (claims, coins) => {
        const issued = await issue(claims);
        const { disclosures } = await processSdJwt(issued);
        const it = coins[Symbol.iterator]();
        const chosen = disclosures.filter(() => it.next().value === true);
        const [jwt] = issued.split('~');
        const token = `${jwt}~${chosen.map((d) => `${d.disclosure.encoded}~`).join('')}`;
        const chosenPaths = chosen.map((d) => d.path);
        const closed = chosenPaths.every((p) => disclosures.every((d) => !(d.path.length < p.length && same(d.path, p.slice(0, d.path.length))) || chosenPaths.some((c) => same(c, d.path))));
        if (!closed) {
          expect(await codeOrOk(verifySdJwt(token, { issuerKey: issuer.publicJwk }))).toBe('ERR_DISCLOSURE_UNREFERENCED');
          return;
        }
        const out = await verifySdJwt(token, { issuerKey: issuer.publicJwk });
        expect(out.payload).toEqual(expectedClaims(claims, chosenPaths));
        expect(out.disclosures).toHaveLength(chosen.length);
      }),
      { numRuns: 150 },
    );
  });

  it('presentSdJwt with any set of revealed and excluded paths yields the reference claims', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.infiniteStream(fc.boolean()), async (claims, coins) => {
        const issued = await issue(claims, 1);
        const all = sdPaths(claims);
        const it = coins[Symbol.iterator]();
        // pick a set closed under ancestors, then reveal it and exclude the rest
        const picked = all.filter(() => it.next().value === true);
        const closedSet = picked.filter((p) => all.every((q) => !(q.length < p.length && same(q, p.slice(0, q.length))) || picked.some((x) => same(x, q))));
        const excluded = all.filter((p) => !closedSet.some((x) => same(x, p)));
        const presentation = await presentSdJwt(issued, { reveal: closedSet, exclude: excluded });
        const out = await verifySdJwt(presentation, { issuerKey: issuer.publicJwk });
        expect(out.payload).toEqual(expectedClaims(claims, closedSet));
      }),
      { numRuns: 100 },
    );
  });

  it('decoy digests never change the processed payload', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.integer({ min: 1, max: 5 }), async (claims, decoys) => {
        const issued = await issue(claims, decoys);
        expect((await verifySdJwt(issued, { issuerKey: issuer.publicJwk })).payload).toEqual(toValue(claims));
      }),
      { numRuns: 60 },
    );
  });

  it('flipping any character of the Issuer-signed JWT or of a Disclosure is rejected with a stable code', async () => {
    const claims: Annotated = {
      kind: 'map',
      entries: [
        { key: 'given_name', sd: true, child: { kind: 'scalar', value: 'Erika' } },
        { key: 'address', sd: true, child: { kind: 'map', entries: [{ key: 'country', sd: true, child: { kind: 'scalar', value: 'DE' } }] } },
        { key: 'nationalities', sd: false, child: { kind: 'seq', items: [{ sd: true, child: { kind: 'scalar', value: 'DE' } }] } },
      ],
    };
    const issued = await issue(claims, 2);
    const body = issued.slice(0, -1); // the final "~" is the separator, not part of a component
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    const allowed: ErrorCode[] = [
      'ERR_TOKEN_MALFORMED',
      'ERR_SIGNATURE_INVALID',
      'ERR_ALGORITHM_NOT_ALLOWED',
      'ERR_KEY_INVALID',
      'ERR_TYP_INVALID',
      'ERR_DISCLOSURE_MALFORMED',
      'ERR_DISCLOSURE_UNREFERENCED',
      'ERR_DIGEST_DUPLICATE',
      'ERR_KEY_BINDING_INVALID',
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.length - 1 }), fc.constantFrom(...alphabet), async (i, c) => {
        fc.pre(body[i] !== '~' && body[i] !== c);
        const tampered = `${body.slice(0, i)}${c}${body.slice(i + 1)}~`;
        const first = await codeOrOk(verifySdJwt(tampered, { issuerKey: issuer.publicJwk }));
        expect(allowed).toContain(first);
        expect(await codeOrOk(verifySdJwt(tampered, { issuerKey: issuer.publicJwk }))).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

  it('garbage never escapes as anything but an ElicenseError', async () => {
    const valid = await issue({ kind: 'map', entries: [{ key: 'a', sd: true, child: { kind: 'scalar', value: 1 } }] });
    const garbage = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'AZaz09-_.~=+/ '.split('')) }),
      fc.tuple(fc.nat({ max: valid.length }), fc.nat({ max: valid.length })).map(([a, b]) => valid.slice(Math.min(a, b), Math.max(a, b))),
      fc.tuple(fc.nat({ max: valid.length }), fc.string({ maxLength: 4 })).map(([i, s]) => valid.slice(0, i) + s + valid.slice(i)),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (g) => {
        const code = await codeOrOk(verifySdJwt(g as string, { issuerKey: issuer.publicJwk, nonce: 'n' }));
        expect(code).not.toBe('ok');
        expect(await codeOrOk(processSdJwt(g as string))).toBeTypeOf('string');
      }),
      { numRuns: 300 },
    );
  });
});
