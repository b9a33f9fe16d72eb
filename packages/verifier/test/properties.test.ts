import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUD, LICENCE_CLAIMS, NONCE, scenario } from './helpers.js';

type Scenario = Awaited<ReturnType<typeof scenario>>;
const RESIDENT_CLAIMS = [...Object.keys(LICENCE_CLAIMS.resident_id_card), 'age_over_16', 'age_over_18', 'age_over_21', 'age_over_60'];

describe('verifier properties', () => {
  let s: Scenario;
  let full: Record<string, unknown>;
  beforeAll(async () => {
    s = await scenario();
    full = (await s.verifier.verifyCredential(s.issued.credential)).claims;
  });

  it('any subset of claims revealed verifies, and the verifier gets exactly that subset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(RESIDENT_CLAIMS), async (reveal) => {
        const report = await s.verifier.verifyPresentation(await s.present(reveal), { nonce: NONCE, aud: AUD });
        expect(report.verified).toBe(true);
        expect(Object.keys(report.claims).sort()).toEqual([...reveal].sort());
        for (const name of reveal) expect(report.claims[name]).toEqual(full[name]);
      }),
      { numRuns: 40 },
    );
  });

  it('any changed character is refused with a coded check, never a throw', async () => {
    const vp = await s.present(['name', 'validity_period', 'age_over_18']);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: vp.length - 1 }), fc.constantFrom(...alphabet), async (i, c) => {
        fc.pre(vp[i] !== c);
        const mutated = vp.slice(0, i) + c + vp.slice(i + 1);
        const report = await s.verifier.verifyPresentation(mutated, { nonce: NONCE, aud: AUD });
        expect(report.verified).toBe(false);
        expect(report.claims).toEqual({});
        const failed = report.checks.filter((x) => !x.ok && !x.skipped);
        expect(failed.length).toBeGreaterThan(0);
        for (const f of failed) expect(f.code).toMatch(/^ERR_/);
        for (const x of report.checks) if (x.skipped) expect(x.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
