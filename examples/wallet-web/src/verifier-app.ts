/**
 * A verifier's page — a hotel front desk, a bank counter: ask a wallet for just what is needed
 * ("an adult", or "a business licence's name and credit code") with a fresh nonce, shown as a QR
 * code and as text; take the wallet's response, verify every presentation with `Verifier`
 * (issuer trust, signature, disclosures, validity, type, key binding, nonce, audience, status), check
 * that it answers the request, and show the disclosed claims or the check that failed.
 */
import { ElicenseError, encodeBase64url, isJsonObject } from '@elicense/core';
import type { ErrorCode, JsonObject } from '@elicense/core';
import { computeAge, getLicenceProfile } from '@elicense/credentials';
import type { DidResolver } from '@elicense/did';
import { parseDcqlQuery } from '@elicense/holder';
import type { DcqlCredentialQuery, DcqlQuery } from '@elicense/holder';
import { Verifier } from '@elicense/verifier';
import type { StatusOptions, TrustedIssuer, VerificationReport } from '@elicense/verifier';
import { actionRunner, button, copyable, el, errorBox, pasteArea } from './dom.js';
import { claimLabel, licenceName, showValue } from './labels.js';
import { readQrFromImage, renderQr } from './qr.js';
import { parseResponse } from './request.js';
import type { PresentationRequest } from './request.js';

/** Options of {@link mountVerifier}. */
export interface VerifierAppOptions {
  /** The verifier's client id: sent in every request, and the `aud` every KB-JWT must carry. */
  clientId: string;
  /** The issuers whose licences are accepted (DIDs, optionally with the licence types each may issue). */
  trustedIssuers: TrustedIssuer[];
  /** The page heading. Default `Verifier`. */
  title?: string;
  /** Resolves issuer DIDs. Default: the SDK's `DidResolver`. */
  resolver?: DidResolver;
  /** Where status lists come from (see `@elicense/verifier`). Default: none — licences with a status entry are refused. */
  status?: StatusOptions;
  /** A fresh nonce for each request. Default: 128 random bits, base64url. */
  nonce?: () => string;
  /** The clock, Unix seconds. Default: the system clock. */
  now?: () => number;
}

/** A mounted verifier page. */
export interface VerifierApp {
  /** Empty the page. */
  close(): void;
}

/** One kind of request the desk can make: its DCQL query, and the desk's decision on the disclosed claims. */
interface RequestKind {
  label: string;
  query: JsonObject;
  /** Why the disclosed claims do not do (or `undefined` when they do). */
  decide(claims: JsonObject, now: number): string | undefined;
}

const vct = (type: string): string => getLicenceProfile(type).vct;

/**
 * "An adult": a resident ID card or a driving licence, preferably showing only `age_over_18: true`
 * (the first claim set); the date of birth (the second) is accepted too, for licences without the
 * predicate. A wallet recommends the option that reveals the least.
 *
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.1
 */
const ADULT: RequestKind = {
  label: 'Ask for an adult (18+)',
  query: {
    credentials: [
      {
        id: 'adult',
        format: 'dc+sd-jwt',
        meta: { vct_values: [vct('resident_id_card'), vct('driving_licence')] },
        claims: [
          { id: 'over_18', path: ['age_over_18'], values: [true] },
          { id: 'birth_date', path: ['date_of_birth'] },
        ],
        claim_sets: [['over_18'], ['birth_date']],
      },
    ],
  },
  decide(claims, now) {
    if (claims.age_over_18 === true) return undefined;
    if (typeof claims.date_of_birth === 'string' && computeAge(claims.date_of_birth, now) >= 18) return undefined;
    return 'the licence does not show that its holder is 18 or over';
  },
};

/** "A business licence's name and unified social credit code". */
const BUSINESS: RequestKind = {
  label: 'Ask for a business licence',
  query: {
    credentials: [
      {
        id: 'business',
        format: 'dc+sd-jwt',
        meta: { vct_values: [vct('business_licence')] },
        claims: [{ path: ['enterprise_name'] }, { path: ['unified_social_credit_code'] }],
      },
    ],
  },
  decide: () => undefined,
};

/** The outcome of one presentation: verified with its claims, or the check that failed. */
interface Outcome {
  queryId: string;
  report?: VerificationReport;
  failure?: { check: string; code: ErrorCode | undefined; message: string };
}

/**
 * Mount the verifier page into `root`.
 *
 * @example
 * ```ts
 * mountVerifier(document.getElementById('verifier')!, {
 *   clientId: 'x509_san_dns:hotel.example',
 *   trustedIssuers: [{ did: policeDid, types: ['resident_id_card', 'driving_licence'] }],
 * })
 * ```
 */
export function mountVerifier(root: HTMLElement, options: VerifierAppOptions): VerifierApp {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const freshNonce = options.nonce ?? (() => encodeBase64url(crypto.getRandomValues(new Uint8Array(16))));
  const verifier = new Verifier({
    trustedIssuers: options.trustedIssuers,
    now,
    ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
    ...(options.status === undefined ? {} : { status: options.status }),
  });
  const errors = errorBox('verifier-error');
  const run = actionRunner(root, errors);

  let current: { kind: RequestKind; request: PresentationRequest; query: DcqlQuery; answered: boolean } | undefined;

  const requestOut = el('div', { 'data-testid': 'request-area' });
  const ask = (kind: RequestKind) =>
    button(kind.label, kind === ADULT ? 'ask-adult' : 'ask-business', run(() => {
      const request: PresentationRequest = { dcql_query: kind.query, nonce: freshNonce(), client_id: options.clientId };
      current = { kind, request, query: parseDcqlQuery(kind.query), answered: false };
      const text = JSON.stringify(request);
      requestOut.replaceChildren(el('p', {}, 'Let the wallet scan this, or copy the text to it:'), renderQr(text, 'request-qr'), copyable(text, 'request-output'));
      result.replaceChildren();
      responseIn.value = '';
      verify.disabled = false;
    }));

  const responseIn = pasteArea('response-input', 'Paste the wallet\'s response, or scan its QR code');
  const scan = el('input', { type: 'file', accept: 'image/*', capture: 'environment', 'data-testid': 'response-scan' });
  scan.addEventListener('change', () => void run(async () => {
    const file = scan.files?.[0];
    if (file !== undefined) responseIn.value = await readQrFromImage(file);
    scan.value = '';
  })());
  const result = el('div', { 'data-testid': 'result' });
  const verify = button('Verify', 'verify', run(async () => {
    result.replaceChildren();
    if (current === undefined) throw new ElicenseError('ERR_NONCE_MISMATCH', 'make a request first: a response is checked against the request it answers');
    if (current.answered) throw new ElicenseError('ERR_NONCE_MISMATCH', 'this request was answered already (a nonce is good for one answer): make a new request');
    const outcomes = await checkResponse(verifier, current, parseResponse(responseIn.value), now());
    const verified = outcomes.every((o) => o.failure === undefined);
    current.answered = verified;
    result.append(el('p', { class: verified ? 'ok' : 'refused', 'data-testid': 'verdict', 'data-verified': String(verified) }, verified ? '✔ Verified' : '✘ Refused'));
    for (const o of outcomes) result.append(outcomeView(o));
  }));
  verify.disabled = true;

  root.replaceChildren(
    el('h2', {}, options.title ?? 'Verifier'),
    errors.element,
    el('section', {}, el('h3', {}, 'Ask'), ask(ADULT), ' ', ask(BUSINESS), requestOut),
    el('section', {}, el('h3', {}, 'Check the answer'), el('p', {}, responseIn), el('label', {}, 'Scan a QR code: ', scan), ' ', verify, result),
  );
  return { close: () => root.replaceChildren() };
}

/** Verify each presentation of the response against the request, and check it answers the query. */
async function checkResponse(
  verifier: Verifier,
  current: { kind: RequestKind; request: PresentationRequest; query: DcqlQuery },
  response: { vp_token: Record<string, string[]> },
  now: number,
): Promise<Outcome[]> {
  const { kind, request, query } = current;
  const outcomes: Outcome[] = [];
  for (const q of query.credentials) {
    const presentations = Object.hasOwn(response.vp_token, q.id) ? response.vp_token[q.id]! : [];
    if (presentations.length === 0 || (presentations.length > 1 && !q.multiple)) {
      const message = presentations.length === 0 ? `the response has no presentation for "${q.id}"` : `"${q.id}" takes one presentation, the response has ${presentations.length}`;
      outcomes.push({ queryId: q.id, failure: { check: 'response', code: 'ERR_DCQL_UNSATISFIED', message } });
      continue;
    }
    for (const vp of presentations) {
      // Every check of the SDK: issuer trusted, signature, disclosures, validity, type, KB-JWT over nonce and aud, status.
      const report = await verifier.verifyPresentation(vp, { nonce: request.nonce, aud: request.client_id });
      const failed = report.checks.find((c) => !c.ok && c.skipped !== true);
      if (!report.verified) {
        outcomes.push({ queryId: q.id, report, failure: { check: failed?.check ?? 'verification', code: failed?.code, message: failed?.message ?? 'not verified' } });
        continue;
      }
      const problem = answers(q, report) ?? kind.decide(report.claims, now);
      outcomes.push(problem === undefined ? { queryId: q.id, report } : { queryId: q.id, report, failure: { check: 'request', code: 'ERR_DCQL_UNSATISFIED', message: problem } });
    }
  }
  return outcomes;
}

/** Whether a verified presentation answers its Credential Query: a requested type, and every claim of some claim set. */
function answers(q: DcqlCredentialQuery, report: VerificationReport): string | undefined {
  if (report.vct === undefined || !(q.meta.vct_values ?? []).includes(report.vct)) return `a ${licenceName(report.vct ?? '?')} was presented, not a licence the request asked for`;
  const claims = q.claims ?? [];
  const holds = (c: (typeof claims)[number]): boolean => {
    let v: unknown = report.claims;
    for (const k of c.path) v = isJsonObject(v) && typeof k === 'string' ? v[k] : Array.isArray(v) && typeof k === 'number' ? v[k] : undefined;
    return v !== undefined && (c.values === undefined || c.values.includes(v as string | number | boolean));
  };
  const sets = q.claim_sets ?? [claims.map((c) => c.id ?? '')];
  const ok = q.claim_sets === undefined ? claims.every(holds) : sets.some((set) => set.every((id) => claims.some((c) => c.id === id && holds(c))));
  return ok ? undefined : 'the presentation does not disclose the claims (or values) the request asked for';
}

function outcomeView(o: Outcome): HTMLElement {
  const r = o.report;
  const who = r?.type === undefined ? '' : `${licenceName(r.type)}${r.issuer === undefined ? '' : ` from ${r.issuer}`}`;
  if (o.failure !== undefined) {
    const f = o.failure;
    return el('div', { class: 'outcome refused', 'data-testid': 'outcome', 'data-query': o.queryId },
      el('p', { 'data-testid': 'failed-check' }, `${o.queryId}: ${f.check} failed — `, el('code', { 'data-testid': 'failed-code' }, f.code ?? 'ERR_UNKNOWN'), ` ${f.message}`),
      who === '' ? null : el('p', { class: 'meta' }, who),
      r === undefined ? null : checksView(r),
    );
  }
  const claims = r!.claims;
  return el('div', { class: 'outcome ok', 'data-testid': 'outcome', 'data-query': o.queryId },
    el('p', {}, who),
    el('dl', { 'data-testid': 'claims' }, ...Object.entries(claims).flatMap(([name, value]) => [
      el('dt', { 'data-claim': name }, claimLabel(r!.type ?? '', [name])),
      el('dd', { 'data-claim-value': name }, showValue(value)),
    ])),
    checksView(r!),
  );
}

function checksView(r: VerificationReport): HTMLElement {
  return el('details', {}, el('summary', {}, 'Every check'),
    el('ol', {}, ...r.checks.map((c) => el('li', { 'data-check': c.check, 'data-ok': String(c.ok) }, `${c.check}: ${c.ok ? 'ok' : c.skipped === true ? 'not run' : `${c.code ?? 'failed'} ${c.message ?? ''}`}`))),
  );
}
