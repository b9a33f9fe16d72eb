/**
 * The wallet page, the verifier page and the demo issuing desk, mounted side by side in Chromium and
 * driven through the DOM as a citizen and a hotel clerk would: create a wallet, ask for a licence,
 * receive it, answer an "adult?" request with only `age_over_18`, get verified — and the refusals:
 * a replayed response, a wrong passphrase, a malformed request.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import jsQR from 'jsqr';
import { IndexedDbBackend } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { LICENCE_CLAIMS, NOW } from '../../test/fixtures/licences.js';
import { mountDemoIssuingDesk } from './src/demo-issuing-desk.js';
import { mountVerifier } from './src/verifier-app.js';
import { mountWallet } from './src/wallet-app.js';
import type { WalletApp } from './src/wallet-app.js';

const clock = (): number => NOW;
const dbName = `wallet-web-test-${crypto.randomUUID()}`;
const PASSPHRASE = 'correct horse battery staple';
const CLIENT_ID = 'x509_san_dns:hotel.example';
const BIRTH_DATE = LICENCE_CLAIMS.resident_id_card.date_of_birth;

const containers: HTMLElement[] = [];
const wallets: WalletApp[] = [];

function container(name: string): HTMLElement {
  const div = document.createElement('div');
  div.dataset.app = name;
  document.body.append(div);
  containers.push(div);
  return div;
}

/** The element matching `selector` in `root`, once it is there. */
async function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): Promise<T> {
  return vi.waitFor(
    () => {
      const e = root.querySelector<T>(selector);
      if (e === null) {
        const shown = Array.from(document.querySelectorAll('[role="alert"]')).map((a) => a.textContent).filter((t) => t !== '');
        throw new Error(`nothing matches ${selector} yet${shown.length === 0 ? '' : `; the page shows: ${shown.join(' | ')}`}`);
      }
      return e;
    },
    { timeout: 20_000, interval: 20 },
  );
}

const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string): Promise<T> => find<T>(root, `[data-testid="${id}"]`);

/** Wait until the app has finished its action. */
async function idle(root: HTMLElement): Promise<void> {
  await vi.waitFor(() => expect(root.getAttribute('aria-busy')).toBeNull(), { timeout: 20_000, interval: 20 });
}

async function click(root: HTMLElement, testid: string): Promise<void> {
  await userEvent.click(await byTestId(root, testid));
  await idle(root);
}

async function fill(root: HTMLElement, testid: string, text: string): Promise<void> {
  await userEvent.fill(await byTestId(root, testid), text);
}

/** The error code an app shows, once it shows one. */
async function shownErrorCode(root: HTMLElement, box: string): Promise<string> {
  return (await byTestId(root, `${box}-code`)).textContent ?? '';
}

/** Read the QR code drawn on a canvas, with jsQR. */
function readQr(canvas: HTMLCanvasElement): string | undefined {
  const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR.default(image.data, image.width, image.height)?.data;
}

afterAll(async () => {
  for (const w of wallets) w.close();
  for (const c of containers) c.remove();
  await IndexedDbBackend.destroy(dbName);
});

describe('examples/wallet-web: a citizen proves to a hotel that they are an adult, and nothing more', () => {
  let issuer: Issuer;
  let walletRoot: HTMLElement;
  let verifierRoot: HTMLElement;
  let deskRoot: HTMLElement;
  let requestText: string;
  let responseText: string;

  it('creates a wallet, asks for a licence, and receives a resident ID card issued to the shown key', async () => {
    issuer = await Issuer.create({ now: clock });
    walletRoot = container('wallet');
    verifierRoot = container('verifier');
    deskRoot = container('desk');
    wallets.push(await mountWallet(walletRoot, { dbName, kdfIterations: 10_000, now: clock }));
    mountVerifier(verifierRoot, { clientId: CLIENT_ID, trustedIssuers: [{ did: issuer.did, types: ['resident_id_card'] }], now: clock });
    mountDemoIssuingDesk(deskRoot, { issuer });
    expect((await byTestId(deskRoot, 'desk-did')).textContent).toBe(issuer.did);

    // A new wallet asks for the passphrase twice; two different ones are refused.
    expect((await byTestId(walletRoot, 'unlock')).textContent).toBe('Create wallet');
    await fill(walletRoot, 'passphrase', PASSPHRASE);
    await fill(walletRoot, 'passphrase-confirm', `${PASSPHRASE}!`);
    await click(walletRoot, 'unlock');
    expect(await shownErrorCode(walletRoot, 'wallet-error')).toBe('ERR_WALLET_SECRET_INVALID');
    await fill(walletRoot, 'passphrase-confirm', PASSPHRASE);
    await click(walletRoot, 'unlock');
    await byTestId(walletRoot, 'no-licences');
    expect((await byTestId(walletRoot, 'wallet-error')).hidden).toBe(true);

    // "New licence request": the wallet shows a fresh public holder key to hand to the desk.
    await click(walletRoot, 'new-key');
    const jwk = (await byTestId<HTMLTextAreaElement>(walletRoot, 'holder-jwk')).value;
    const parsed = JSON.parse(jwk) as Record<string, unknown>;
    expect(parsed).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(parsed).not.toHaveProperty('d');

    // The desk issues a resident ID card to that key with the real Issuer.
    await userEvent.selectOptions(await byTestId<HTMLSelectElement>(deskRoot, 'desk-type'), 'resident_id_card');
    await fill(deskRoot, 'desk-holder', jwk);
    await click(deskRoot, 'desk-issue');
    const credential = (await byTestId<HTMLTextAreaElement>(deskRoot, 'desk-credential')).value;
    expect(credential).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+~/);

    await fill(walletRoot, 'receive-input', credential);
    await click(walletRoot, 'receive');
    const item = await byTestId(walletRoot, 'licence');
    expect(item.dataset.type).toBe('resident_id_card');
    expect(item.dataset.state).toBe('valid');
    expect((await byTestId(item, 'licence-state')).textContent).toBe('valid');
    expect(item.textContent).toContain('Resident Identity Card');
    expect(item.textContent).toContain(issuer.did);
  });

  it('shows the verifier\'s "adult" request as a QR code that reads back to the same text', async () => {
    await click(verifierRoot, 'ask-adult');
    requestText = (await byTestId<HTMLTextAreaElement>(verifierRoot, 'request-output')).value;
    const request = JSON.parse(requestText) as { nonce: string; client_id: string; dcql_query: unknown };
    expect(request.client_id).toBe(CLIENT_ID);
    expect(request.nonce.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(request.dcql_query)).toContain('age_over_18');
    expect(readQr(await byTestId<HTMLCanvasElement>(verifierRoot, 'request-qr'))).toBe(requestText);
  });

  it('refuses a malformed request with its code on the page', async () => {
    await fill(walletRoot, 'request-input', '{"nonce": "n-1"}');
    await click(walletRoot, 'review');
    expect(await shownErrorCode(walletRoot, 'wallet-error')).toBe('ERR_TOKEN_MALFORMED');
    await fill(walletRoot, 'request-input', JSON.stringify({ dcql_query: { credentials: [] }, nonce: 'n-1', client_id: CLIENT_ID }));
    await click(walletRoot, 'review');
    expect(await shownErrorCode(walletRoot, 'wallet-error')).toBe('ERR_DCQL_INVALID');
  });

  it('offers age_over_18 preselected, not the birth date, and answers with it on consent', async () => {
    await fill(walletRoot, 'request-input', requestText);
    await click(walletRoot, 'review');
    const consent = await byTestId(walletRoot, 'consent-panel');
    expect(consent.textContent).toContain(CLIENT_ID);
    const options = Array.from(consent.querySelectorAll<HTMLElement>('[data-testid="option"]'));
    expect(options.map((o) => o.dataset.reveal).sort()).toEqual(['age_over_18', 'date_of_birth']);
    const checked = options.filter((o) => o.querySelector<HTMLInputElement>('input[type="radio"]')!.checked);
    expect(checked).toHaveLength(1);
    expect(checked[0]!.dataset.reveal).toBe('age_over_18');
    expect(checked[0]!.dataset.recommended).toBe('true');
    expect(checked[0]!.textContent).toContain('true');
    expect(checked[0]!.textContent).not.toContain(BIRTH_DATE);
    // The alternative is there, with the value it would give away.
    expect(options.find((o) => o.dataset.reveal === 'date_of_birth')!.textContent).toContain(BIRTH_DATE);

    await click(walletRoot, 'consent');
    responseText = (await byTestId<HTMLTextAreaElement>(walletRoot, 'response-output')).value;
    const { vp_token } = JSON.parse(responseText) as { vp_token: Record<string, string[]> };
    expect(Object.keys(vp_token)).toEqual(['adult']);
    expect(vp_token.adult).toHaveLength(1);
    expect(responseText).not.toContain(BIRTH_DATE);
    expect(readQr(await byTestId<HTMLCanvasElement>(walletRoot, 'response-qr'))).toBe(responseText);
  });

  it('verifies the response: age_over_18 true, no birth date', async () => {
    await fill(verifierRoot, 'response-input', responseText);
    await click(verifierRoot, 'verify');
    expect((await byTestId(verifierRoot, 'verdict')).dataset.verified).toBe('true');
    const claims = await byTestId(verifierRoot, 'claims');
    expect(Array.from(claims.querySelectorAll('dt')).map((dt) => dt.dataset.claim)).toEqual(['age_over_18']);
    expect(claims.querySelector('[data-claim-value="age_over_18"]')!.textContent).toBe('true');
    expect(verifierRoot.textContent).not.toContain(BIRTH_DATE);
    expect(verifierRoot.querySelector('[data-check="nonce"]')!.getAttribute('data-ok')).toBe('true');

    // A nonce is good for one answer.
    await click(verifierRoot, 'verify');
    expect(await shownErrorCode(verifierRoot, 'verifier-error')).toBe('ERR_NONCE_MISMATCH');
  });

  it('refuses the same response against a new request (another nonce), scanned from its QR code', async () => {
    await click(verifierRoot, 'ask-adult');
    const second = JSON.parse((await byTestId<HTMLTextAreaElement>(verifierRoot, 'request-output')).value) as { nonce: string };
    expect(second.nonce).not.toBe(JSON.parse(requestText).nonce);

    // The clerk scans the old response's QR code (a picture of it) instead of pasting it.
    const canvas = await byTestId<HTMLCanvasElement>(walletRoot, 'response-qr');
    const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b === null ? reject(new Error('no PNG')) : resolve(b)), 'image/png'));
    await userEvent.upload(await byTestId(verifierRoot, 'response-scan'), new File([png], 'response.png', { type: 'image/png' }));
    await vi.waitFor(async () => expect((await byTestId<HTMLTextAreaElement>(verifierRoot, 'response-input')).value).toBe(responseText), { timeout: 20_000 });
    await idle(verifierRoot);

    await click(verifierRoot, 'verify');
    expect((await byTestId(verifierRoot, 'verdict')).dataset.verified).toBe('false');
    expect((await byTestId(verifierRoot, 'failed-code')).textContent).toBe('ERR_NONCE_MISMATCH');
    expect((await byTestId(verifierRoot, 'failed-check')).textContent).toContain('nonce');
    expect(verifierRoot.querySelector('[data-testid="claims"]')).toBeNull();
  });

  it('reopens the wallet with its passphrase (fresh mount), refuses a wrong one, and deletes the licence', async () => {
    wallets.shift()!.close();
    const again = container('wallet-again');
    wallets.push(await mountWallet(again, { dbName, now: clock }));
    expect((await byTestId(again, 'unlock')).textContent).toBe('Unlock');
    expect(again.querySelector('[data-testid="passphrase-confirm"]')).toBeNull();

    await fill(again, 'passphrase', 'not the passphrase');
    await click(again, 'unlock');
    expect(await shownErrorCode(again, 'wallet-error')).toBe('ERR_WALLET_SECRET_INVALID');
    expect(again.querySelector('[data-testid="licences"]')).toBeNull();

    await fill(again, 'passphrase', PASSPHRASE);
    await click(again, 'unlock');
    const item = await byTestId(again, 'licence');
    expect(item.dataset.type).toBe('resident_id_card');
    expect(item.dataset.state).toBe('valid');

    await userEvent.click(await byTestId(item, 'delete'));
    await idle(again);
    await byTestId(again, 'no-licences');
  });
});
