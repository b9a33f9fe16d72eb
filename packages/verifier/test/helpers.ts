import { expect } from 'vitest';
import type { ErrorCode } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { Verifier, type CheckName, type VerificationReport, type VerifierOptions } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

export { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';
export { throwsWith } from '../../../test/helpers/errors.js';

export const clock = (): number => NOW;
export const resolver = new DidResolver();
export const NONCE = 'n-0S6_WzA2Mj';
export const AUD = 'https://hotel.example';


/** An issuer, a wallet holding a resident ID card from it, and a verifier trusting it. */
export async function scenario(options: { verifier?: Partial<VerifierOptions>; issuerNow?: () => number; validFrom?: number; validUntil?: number } = {}) {
  const issuer = await Issuer.create({ now: options.issuerNow ?? clock });
  const wallet = await Wallet.create({ resolver, now: options.issuerNow ?? clock });
  const key = await wallet.createHolderKey();
  const issued = await issuer.issue({
    type: 'resident_id_card',
    claims: LICENCE_CLAIMS.resident_id_card,
    holder: key.publicJwk,
    ...(options.validFrom === undefined ? {} : { validFrom: options.validFrom }),
    ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
  });
  const { id } = await wallet.receive(issued.credential);
  const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock, ...options.verifier });
  const present = (reveal: string[] = ['name', 'age_over_18'], nonce = NONCE, aud = AUD, now?: number) =>
    wallet.present(id, { reveal, nonce, aud, ...(now === undefined ? {} : { now }) });
  return { issuer, wallet, issued, id, verifier, present };
}

/**
 * The report failed exactly at `check` with `code`: every check before it passed, no other check
 * failed with a code, and nothing was disclosed.
 */
export function expectFailedAt(report: VerificationReport, check: CheckName, code: ErrorCode): void {
  expect(report.verified).toBe(false);
  expect(report.claims).toEqual({});
  expect(report.disclosed).toEqual([]);
  const i = report.checks.findIndex((c) => c.check === check);
  expect(i, `no ${check} check in the report`).toBeGreaterThanOrEqual(0);
  expect(report.checks[i]).toMatchObject({ check, ok: false, code });
  expect(report.checks[i]!.skipped).toBeUndefined();
  for (const c of report.checks.slice(0, i)) expect(c, `${c.check} before ${check}`).toMatchObject({ ok: true });
  for (const c of report.checks) {
    if (c.check !== check && !c.ok) expect(c, `${c.check} after ${check}`).toMatchObject({ skipped: true });
    if (c.skipped) expect(c.ok).toBe(false);
  }
}

/** Whether `check` is in the report and passed. */
export function passed(report: VerificationReport, check: CheckName): boolean {
  return report.checks.some((c) => c.check === check && c.ok);
}

export { Issuer, Wallet, Verifier, DidResolver };
