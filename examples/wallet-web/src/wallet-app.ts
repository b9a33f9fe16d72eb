/**
 * The citizen's wallet page: open the wallet with a passphrase, ask for a licence (a new holder key
 * for the issuing desk), receive it, see every licence and its state, and answer a verifier's
 * request with only the claims the citizen agrees to share.
 *
 * SDK calls, in page order: `IndexedDbBackend.open` + `Wallet.create` (unlock or create),
 * `wallet.createHolderKey` (licence request), `wallet.receive`, `wallet.list`, `wallet.remove`,
 * `wallet.refreshStatus`, `wallet.match` (what a request would take) and `wallet.respond` (consent).
 */
import { ElicenseError, formatClaimPath } from '@elicense/core';
import type { ClaimPath } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import { IndexedDbBackend, Wallet, parseDcqlQuery } from '@elicense/holder';
import type { DcqlCandidate, DcqlClaimOption, DcqlCredentialChoice, DcqlMatch, DcqlQuery, StoredCredential } from '@elicense/holder';
import { actionRunner, button, copyable, el, errorBox, pasteArea } from './dom.js';
import { claimLabel, licenceName, showValue } from './labels.js';
import { readQrFromImage, renderQr } from './qr.js';
import { parseRequest } from './request.js';
import type { PresentationRequest } from './request.js';

/** Options of {@link mountWallet}. */
export interface WalletAppOptions {
  /** The IndexedDB database that keeps this wallet. Default `elicense-wallet`. */
  dbName?: string;
  /** PBKDF2 iterations when a new wallet is created. Default: the SDK's (600,000). */
  kdfIterations?: number;
  /** Resolves issuer DIDs. Default: the SDK's `DidResolver` (did:key and did:jwk offline, did:web by `fetch`). */
  resolver?: DidResolver;
  /** Fetches status list tokens for "Check status". Default: the platform `fetch`. */
  fetchStatusList?: (uri: string) => Promise<string>;
  /** The clock, Unix seconds. Default: the system clock. */
  now?: () => number;
}

/** A mounted wallet page. */
export interface WalletApp {
  /** Close the wallet database and empty the page. */
  close(): void;
}

const STATE_TEXT: Record<StoredCredential['state'], string> = {
  valid: 'valid',
  expired: 'expired',
  not_yet_valid: 'not yet valid',
  revoked: 'revoked',
  suspended: 'suspended',
};

/**
 * Mount the wallet page into `root`. Resolves once the page knows whether this browser holds a
 * wallet already (then it asks for the passphrase) or not (then it offers to create one).
 *
 * @example
 * ```ts
 * const app = await mountWallet(document.getElementById('app')!, { dbName: 'elicense-wallet' })
 * ```
 */
export async function mountWallet(root: HTMLElement, options: WalletAppOptions = {}): Promise<WalletApp> {
  const backend = await IndexedDbBackend.open(options.dbName ?? 'elicense-wallet');
  const errors = errorBox('wallet-error');
  const notice = el('p', { class: 'notice', 'data-testid': 'wallet-notice' });
  const run = actionRunner(root, errors, () => (notice.textContent = ''));
  const view = el('div');
  root.replaceChildren(el('h2', {}, 'My licences · 我的证照'), errors.element, notice, view);

  // ---- unlock or create ---------------------------------------------------------------------
  async function showLock(): Promise<void> {
    const isNew = (await backend.readHeader()) === undefined;
    const passphrase = el('input', { type: 'password', autocomplete: isNew ? 'new-password' : 'current-password', 'data-testid': 'passphrase' });
    const confirm = el('input', { type: 'password', autocomplete: 'new-password', 'data-testid': 'passphrase-confirm' });
    const unlock = run(async () => {
      if (isNew && passphrase.value !== confirm.value) throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'the two passphrases differ: type the same one twice');
      if (passphrase.value.length === 0) throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'type the wallet passphrase');
      const wallet = await Wallet.create({
        backend,
        secret: passphrase.value, // PBKDF2 → AES-256-GCM; a wrong one fails with ERR_WALLET_SECRET_INVALID
        ...(options.kdfIterations === undefined ? {} : { kdfIterations: options.kdfIterations }),
        ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
        ...(options.fetchStatusList === undefined ? {} : { fetchStatusList: options.fetchStatusList }),
        ...(options.now === undefined ? {} : { now: options.now }),
      });
      notice.textContent = isNew ? 'Wallet created. Everything in it is encrypted with your passphrase.' : 'Wallet unlocked.';
      await showWallet(wallet);
    });
    const form = el('form', { 'data-testid': 'lock-view' },
      el('p', {}, isNew ? 'No wallet in this browser yet. Choose a passphrase: it encrypts everything the wallet keeps.' : 'Type your passphrase to open the wallet.'),
      el('label', {}, 'Passphrase ', passphrase),
      isNew && el('label', {}, ' Again ', confirm),
      ' ', el('button', { type: 'submit', 'data-testid': 'unlock' }, isNew ? 'Create wallet' : 'Unlock'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void unlock();
    });
    view.replaceChildren(form);
  }

  // ---- the open wallet ----------------------------------------------------------------------
  async function showWallet(w: Wallet): Promise<void> {
    const list = el('ul', { class: 'licences', 'data-testid': 'licences' });
    const renderList = async (): Promise<void> => {
      const credentials = await w.list();
      list.replaceChildren(...credentials.map((c) => licenceItem(c)));
      if (credentials.length === 0) list.append(el('li', { class: 'hint', 'data-testid': 'no-licences' }, 'No licences yet.'));
    };
    const licenceItem = (c: StoredCredential): HTMLElement =>
      el('li', { 'data-testid': 'licence', 'data-id': c.id, 'data-type': c.type, 'data-state': c.state },
        el('strong', {}, licenceName(c.type)), ' ',
        el('span', { class: `state state-${c.state}`, 'data-testid': 'licence-state' }, STATE_TEXT[c.state]),
        el('div', { class: 'meta' }, 'Issuer ', el('code', {}, c.issuer), c.expiresAt === undefined ? '' : ` · until ${day(c.expiresAt)}`,
          c.presentable ? '' : ' · cannot be presented (its key was not in the backup)'),
        button('Delete', 'delete', run(async () => {
          await w.remove(c.id); // the credential and, when no other credential uses it, its holder key
          notice.textContent = `Deleted ${licenceName(c.type)}.`;
          await renderList();
        })),
      );

    // New licence request: a fresh holder key per licence, so verifiers cannot link presentations by key.
    const keyOut = el('div');
    const newKey = button('New licence request', 'new-key', run(async () => {
      const key = await w.createHolderKey();
      keyOut.replaceChildren(el('p', {}, 'Give this public key to the issuing desk; the licence will be bound to it:'), copyable(JSON.stringify(key.publicJwk), 'holder-jwk'));
    }));

    // Receive: the wallet checks signature, disclosures, validity, type and binding to one of its keys.
    const incoming = pasteArea('receive-input', 'Paste the issued licence (an SD-JWT VC: eyJ…~…~)');
    const receive = button('Receive', 'receive', run(async () => {
      const stored = await w.receive(incoming.value.trim());
      incoming.value = '';
      keyOut.replaceChildren();
      notice.textContent = `Received ${licenceName(stored.type)} from ${stored.issuer}.`;
      await renderList();
    }));

    const refresh = button('Check status', 'refresh-status', run(async () => {
      const results = await w.refreshStatus();
      const failed = results.filter((r) => r.error !== undefined);
      notice.textContent = `Status checked for ${results.filter((r) => r.checked).length} of ${results.length} licence(s)` +
        (failed.length === 0 ? '.' : `; ${failed.map((r) => `${r.id}: ${r.error!.code}`).join(', ')}.`);
      await renderList();
    }));

    // Present: read the request, show what each possible answer would reveal, respond on consent.
    const requestIn = pasteArea('request-input', 'Paste the verifier\'s request, or scan its QR code');
    const scan = el('input', { type: 'file', accept: 'image/*', capture: 'environment', 'data-testid': 'request-scan' });
    scan.addEventListener('change', () => void run(async () => {
      const file = scan.files?.[0];
      if (file !== undefined) requestIn.value = await readQrFromImage(file);
      scan.value = '';
    })());
    const consent = el('div', { 'data-testid': 'consent-area' });
    const review = button('Review request', 'review', run(async () => {
      consent.replaceChildren();
      const request = parseRequest(requestIn.value);
      const query = parseDcqlQuery(request.dcql_query); // ERR_DCQL_INVALID for a malformed query
      const match = await w.match(query);
      consent.replaceChildren(consentPanel(w, request, query, match, () => consent.replaceChildren()));
    }));

    view.replaceChildren(
      el('section', {}, el('h3', {}, 'Licences'), list, refresh),
      el('section', {}, el('h3', {}, 'Get a licence'), newKey, keyOut, el('p', {}, incoming), receive),
      el('section', {}, el('h3', {}, 'Share with a verifier'), el('p', {}, requestIn), el('label', {}, 'Scan a QR code: ', scan), ' ', review, consent),
      button('Lock', 'lock', run(async () => {
        notice.textContent = 'Wallet locked.';
        await showLock();
      })),
    );
    await renderList();
  }

  /** What the verifier asks for, which licence and claims would answer it, and the consent button. */
  function consentPanel(w: Wallet, request: PresentationRequest, query: DcqlQuery, match: DcqlMatch, done: () => void): HTMLElement {
    const picks = new Map<string, DcqlCredentialChoice>();
    const panel = el('div', { 'data-testid': 'consent-panel' }, el('p', {}, el('code', {}, request.client_id), ' asks for:'));
    for (const id of queriesToAnswer(query, match)) {
      const m = match.credentials[id]!;
      const q = query.credentials.find((c) => c.id === id)!;
      const wanted = (q.meta.vct_values ?? []).map((v) => licenceName(v)).join(' or ');
      const box = el('fieldset', { 'data-query': id }, el('legend', {}, wanted === '' ? id : wanted));
      panel.append(box);
      if (m.candidates.length === 0) {
        const why = m.unusable.map((u) => `${u.credentialId}: ${u.reason}`).join('; ');
        box.append(el('p', { class: 'hint', 'data-testid': 'no-candidate' }, `No licence in this wallet can answer this${why === '' ? '.' : ` (${why}).`}`));
        continue;
      }
      const optionsBox = el('div');
      const showOptions = (c: DcqlCandidate): void => {
        // Preselect the option that reveals the least (e.g. "age over 18" rather than the birth date).
        const recommended = Math.max(0, c.options.findIndex((o) => o.recommended));
        picks.set(id, { credentialId: c.credentialId, option: recommended });
        optionsBox.replaceChildren(
          ...c.options.map((o, i) => optionChoice(id, c, o, i === recommended, () => picks.set(id, { credentialId: c.credentialId, option: i }))),
        );
      };
      if (m.candidates.length > 1) {
        for (const [i, c] of m.candidates.entries()) {
          const radio = el('input', { type: 'radio', name: `licence-${id}`, value: c.credentialId, checked: i === 0 });
          radio.addEventListener('change', () => showOptions(c));
          box.append(el('label', { class: 'candidate', 'data-testid': 'candidate' }, radio, ` ${licenceName(c.type)} `, el('small', {}, c.credentialId)));
        }
      } else {
        box.append(el('p', {}, 'From your ', el('strong', {}, licenceName(m.candidates[0]!.type)), ', share:'));
      }
      box.append(optionsBox);
      showOptions(m.candidates[0]!);
    }
    panel.append(el('p', { class: 'hint' }, 'The verifier also sees who issued the licence, its type and validity dates.'));
    const result = el('div', { 'data-testid': 'response-area' });
    const share = button('Share', 'consent', run(async () => {
      // Each chosen licence is presented with exactly the claims of its option, under a KB-JWT over nonce and aud.
      const response = await w.respond(query, { nonce: request.nonce, aud: request.client_id, choice: Object.fromEntries(picks) });
      const text = JSON.stringify(response);
      result.replaceChildren(el('p', {}, 'Show this to the verifier, or copy it:'), renderQr(text, 'response-qr'), copyable(text, 'response-output'));
      share.disabled = true;
    }));
    share.disabled = !match.satisfied;
    if (!match.satisfied) panel.append(el('p', { class: 'hint', 'data-testid': 'unsatisfied' }, 'This wallet cannot answer the whole request.'));
    panel.append(share, ' ', button('Decline', 'decline', done), result);
    return panel;
  }

  await showLock();
  return {
    close() {
      backend.close();
      root.replaceChildren();
    },
  };
}

/** One way to answer a Credential Query: a radio button and the claims it would reveal, with their values. */
function optionChoice(queryId: string, c: DcqlCandidate, o: DcqlClaimOption, checked: boolean, onPick: () => void): HTMLElement {
  const radio = el('input', { type: 'radio', name: `option-${queryId}`, checked });
  radio.checked = checked;
  radio.addEventListener('change', onPick);
  const revealed = o.disclosed.filter((d) => o.reveal.some((r) => isPrefix(r, d.path) || isPrefix(d.path, r)));
  return el('label', { class: 'option', 'data-testid': 'option', 'data-reveal': o.reveal.map((r) => formatClaimPath(r)).join(','), 'data-recommended': String(o.recommended) },
    radio,
    el('ul', {}, ...(revealed.length === 0 ? [el('li', {}, 'no personal claims')] : revealed.map((d) => el('li', {}, `${claimLabel(c.type, d.path)}: `, el('strong', {}, showValue(d.value)))))),
    o.recommended ? el('small', {}, 'recommended: shares the least') : null,
  );
}

function isPrefix(a: ClaimPath, b: ClaimPath): boolean {
  return a.length <= b.length && a.every((x, i) => x === null || x === b[i]);
}

/**
 * The Credential Queries the answer covers: all of them, or — with `credential_sets` — those of the
 * first option the wallet can satisfy of each required set (optional sets are left out).
 */
function queriesToAnswer(query: DcqlQuery, match: DcqlMatch): string[] {
  if (query.credential_sets === undefined) return query.credentials.map((q) => q.id);
  const ids = new Set<string>();
  query.credential_sets.forEach((set, i) => {
    if (!set.required) return;
    const option = match.credential_sets[i]?.options.find((o) => o.satisfiable) ?? match.credential_sets[i]?.options[0];
    for (const id of option?.ids ?? []) ids.add(id);
  });
  return [...ids];
}

function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
