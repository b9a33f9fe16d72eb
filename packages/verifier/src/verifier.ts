import { loadOnFirstUse } from '@elicense/core';
import type { TrustState } from '@elicense/trust';
import type { OfflineTrust } from './internal/offline-trust.js';
import type { Policy } from './internal/policy.js';
import { makePolicy } from './internal/policy.js';
import { syncTrust } from './sync.js';
import { verifyCredential } from './verify-credential.js';
import type { VerifyCredentialOptions } from './verify-credential.js';
import type { VerifyJwtVcOptions } from './verify-jwt-vc.js';
import { verifyPresentation } from './verify-presentation.js';
import type { VerifyPresentationOptions } from './verify-presentation.js';
import type { OfflineVerifierOptions, SyncResult, VerificationReport, VerifierOptions } from './types.js';

/** Key of the constructor argument {@link Verifier.fromBundle} passes; not reachable from outside this module. */
const OFFLINE = Symbol('offline verifier');

// Loaded on first use (async methods anyway): online SD-JWT VC pages never load them.
const offlineMode = loadOnFirstUse(() => import('./from-bundle.js'), 'the trust bundle verification code');
const jwtVcVerification = loadOnFirstUse(() => import('./verify-jwt-vc.js'), 'the W3C VC JWT verification code');

interface OfflineInit {
  [OFFLINE]: { policy: Policy; offline: OfflineTrust };
}

/**
 * A relying party — a hotel desk, a bank, a traffic police app — that checks e-licences from the
 * issuers it trusts. Every `verify*` method returns a {@link VerificationReport} with one entry per
 * check and never throws for a bad token; only misuse (bad options) throws `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const hotel = new Verifier({ trustedIssuers: ['did:web:police.gov.example'], allowedTypes: ['resident_id_card'] })
 * const report = await hotel.verifyPresentation(presentation, { nonce, aud: 'https://hotel.example' })
 * report.verified // true
 * report.claims   // { age_over_18: true }
 * ```
 */
export class Verifier {
  readonly #policy: Policy;
  readonly #offline: OfflineTrust | undefined;

  /**
   * An online verifier: issuers trusted by DID, keys from their DID documents.
   * For offline verification on a signed trust bundle, use {@link Verifier.fromBundle}.
   *
   * @param options trusted issuers (DIDs, optionally with the types each may issue), allowed
   * types, resolver, algorithm allowlist, clock tolerance, KB-JWT max age and clock.
   */
  constructor(options: VerifierOptions) {
    const init = (options as unknown as Partial<OfflineInit> | null | undefined)?.[OFFLINE];
    if (init !== undefined) {
      this.#policy = init.policy;
      this.#offline = init.offline;
    } else {
      this.#policy = makePolicy(options);
      this.#offline = undefined;
    }
  }

  /**
   * An offline verifier on a signed trust bundle: it is configured with the bundle publisher's
   * public keys only, verifies the bundle (and any deltas of a persisted chain) once, and then takes
   * every issuer accreditation, issuer key, status list and anchor from the bundle — it has no DID
   * resolver and no fetcher, and makes no network call. The report of every verification carries
   * `freshness`; stale data is refused or, with `freshness.onStale: 'warn'`, flagged in `warnings`.
   * A bad bundle rejects with the trust package's typed error (`ERR_BUNDLE_UNTRUSTED`,
   * `ERR_BUNDLE_SIGNATURE_INVALID`, `ERR_BUNDLE_EXPIRED`, `ERR_BUNDLE_MALFORMED`, …); misuse with
   * `ERR_INVALID_ARGUMENT`.
   *
   * @example
   * ```ts
   * const officer = await Verifier.fromBundle({ bundle: await readFile('trust-bundle.jws', 'utf8'), publishers: [publisherJwk] })
   * const report = await officer.verifyPresentation(vp, { nonce, aud: 'https://police.example/officer/7' })
   * report.freshness // { bundle: { version: 12, issuedAt: 1772323200, age: 3600 }, statusList: { … } }
   * ```
   */
  static async fromBundle(options: OfflineVerifierOptions): Promise<Verifier> {
    // Trust bundle verification is loaded by the first offline verifier: online pages never load it.
    const { openOfflineVerifier } = await offlineMode();
    const init: OfflineInit = { [OFFLINE]: await openOfflineVerifier(options) };
    return new Verifier(init as unknown as VerifierOptions);
  }

  /**
   * Bring an offline verifier's trust bundle up to date with a newer full bundle or a delta
   * (`trust-bundle-delta+jwt`) from the same publisher. On any error — unknown key, bad signature,
   * truncated, expired, older version (`ERR_BUNDLE_ROLLBACK`), delta for another base
   * (`ERR_BUNDLE_DELTA_MISMATCH`) — the typed error is thrown and the verifier keeps verifying with
   * its last good bundle. On an online verifier: `ERR_INVALID_ARGUMENT`.
   *
   * @example
   * ```ts
   * const { kind, version } = await officer.sync(await (await fetch(`${publisher}/delta?from=${officer.trust!.version}`)).text())
   * await writeFile('trust-chain.json', JSON.stringify(officer.trust!.chain))  // restore with fromBundle({ bundle: chain, … })
   * ```
   */
  sync(update: string): Promise<SyncResult> {
    return syncTrust(this.#offline, this.#policy, update);
  }

  /**
   * The trust bundle state in use (offline mode), `undefined` online. Persist `trust.chain` and pass
   * it back as `bundle` to {@link Verifier.fromBundle} to restore the same state.
   *
   * @example
   * ```ts
   * console.log(`trust bundle v${officer.trust?.version}, expires ${new Date(officer.trust!.expiresAt * 1000).toISOString()}`)
   * ```
   */
  get trust(): TrustState | undefined {
    return this.#offline?.state;
  }

  /**
   * Verify a presentation (SD-JWT VC + KB-JWT) made for this verifier with `nonce` and `aud`.
   * Checks: format, issuer_trusted, issuer_key, signature, disclosures, validity_period,
   * credential_type, holder_binding, nonce, audience, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyPresentation(vp, { nonce: session.nonce, aud: 'https://bank.example' })
   * if (!report.verified) console.log(report.checks.find((c) => !c.ok && !c.skipped))
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.3
   */
  verifyPresentation(presentation: string, options: VerifyPresentationOptions): Promise<VerificationReport> {
    return verifyPresentation(this.#policy, presentation, options);
  }

  /**
   * Verify an SD-JWT VC as issued, without key binding (e.g. a copy the holder deposited).
   * Checks: format, issuer_trusted, issuer_key, signature, disclosures, validity_period, credential_type, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyCredential(issued.credential)
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
   */
  verifyCredential(credential: string, options?: VerifyCredentialOptions): Promise<VerificationReport> {
    return verifyCredential(this.#policy, credential, options);
  }

  /**
   * Verify a W3C VC (VCDM 1.1) JWT such as `Issuer.issueJwtVc` makes: the key from the issuer's DID
   * document, our JOSE signature check, then the VC-JWT payload rules (those of did-jwt-vc, in our code).
   * Checks: format, issuer_trusted, issuer_key, signature, validity_period, credential_type, audience, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyJwtVc(jwtVc)
   * report.claims.enterprise_name
   * ```
   * @see https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
   */
  async verifyJwtVc(jwt: string, options?: VerifyJwtVcOptions): Promise<VerificationReport> {
    // W3C VC JWT verification (and Bitstring Status List) is loaded on first use: SD-JWT VC pages never load it.
    const { verifyJwtVc } = await jwtVcVerification();
    return verifyJwtVc(this.#policy, jwt, options);
  }
}
