import { isElicenseError } from '@elicense/core';
import type { ErrorCode, JsonObject } from '@elicense/core';
import type { CheckName, CheckResult, ReportFreshness, VerificationReport, VerificationWarning } from '../types.js';

/** Collects check outcomes; checks never settled come out as skipped. */
export class ReportBuilder {
  readonly #order: readonly CheckName[];
  readonly #results = new Map<CheckName, CheckResult>();
  /** Envelope facts shown in the report (from the token, trusted only when verified). */
  readonly facts: Pick<VerificationReport, 'type' | 'vct' | 'issuer' | 'issuedAt' | 'expiresAt'> = {};
  /** How fresh the trust data was (offline mode). */
  freshness: ReportFreshness | undefined;
  readonly #warnings: VerificationWarning[] = [];

  constructor(order: readonly CheckName[]) {
    this.#order = order;
  }

  pass(check: CheckName, message?: string): void {
    this.#results.set(check, message === undefined ? { check, ok: true } : { check, ok: true, message });
  }

  fail(check: CheckName, code: ErrorCode, message: string): void {
    this.#results.set(check, { check, ok: false, code, message });
  }

  /** Record a thrown error; errors without a stable code get `fallback`. */
  failWith(check: CheckName, error: unknown, fallback: ErrorCode): void {
    if (isElicenseError(error)) this.fail(check, error.code, error.message);
    else this.fail(check, fallback, error instanceof Error ? error.message : String(error));
  }

  /** Record a condition that passed but should be shown. */
  warn(code: ErrorCode, message: string): void {
    this.#warnings.push({ code, message });
  }

  has(check: CheckName): boolean {
    return this.#results.has(check);
  }

  build(claims: JsonObject, disclosed: string[]): VerificationReport {
    const checks: CheckResult[] = this.#order.map(
      (check) => this.#results.get(check) ?? { check, ok: false, skipped: true, message: 'not run: an earlier check failed' },
    );
    const verified = checks.every((c) => c.ok);
    return {
      verified,
      checks,
      claims: verified ? claims : {},
      disclosed: verified ? disclosed : [],
      ...this.facts,
      ...(this.freshness === undefined ? {} : { freshness: this.freshness }),
      ...(this.#warnings.length === 0 ? {} : { warnings: [...this.#warnings] }),
    };
  }
}
