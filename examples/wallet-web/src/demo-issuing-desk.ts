/**
 * DEMO STAND-IN — not part of a verifier, not how licences are issued. In real life the licence
 * comes from the government's issuing system (`@elicense/issuer` on its servers, its key in an HSM).
 * For a local try-out this desk issues a sample licence in the browser with a real `Issuer`, to
 * the holder key the wallet page shows under "New licence request".
 */
import { parseJsonObject } from '@elicense/core';
import type { JWK } from '@elicense/core';
import type { Issuer } from '@elicense/issuer';
import { DEMO_CLAIMS } from './demo-claims.js';
import type { DemoLicenceType } from './demo-claims.js';
import { actionRunner, button, copyable, el, errorBox, pasteArea } from './dom.js';
import { licenceName } from './labels.js';

/** Options of {@link mountDemoIssuingDesk}. */
export interface DemoIssuingDeskOptions {
  /** The issuer the desk signs with; verifiers must trust its DID. */
  issuer: Issuer;
}

/**
 * Mount the demo issuing desk into `root`: pick a licence type, edit the sample claims, paste the
 * holder's public key, issue.
 *
 * @example
 * ```ts
 * mountDemoIssuingDesk(document.getElementById('desk')!, { issuer: await Issuer.create() })
 * ```
 */
export function mountDemoIssuingDesk(root: HTMLElement, options: DemoIssuingDeskOptions): { close(): void } {
  const { issuer } = options;
  const errors = errorBox('desk-error');
  const run = actionRunner(root, errors);
  const type = el('select', { 'data-testid': 'desk-type' },
    ...Object.keys(DEMO_CLAIMS).map((t) => el('option', { value: t }, licenceName(t))));
  const claims = el('textarea', { rows: '8', 'data-testid': 'desk-claims', spellcheck: 'false' });
  const fill = (): void => {
    claims.value = JSON.stringify(DEMO_CLAIMS[type.value as DemoLicenceType], null, 2);
  };
  type.addEventListener('change', fill);
  fill();
  const holder = pasteArea('desk-holder', 'Paste the holder\'s public key (JWK) from the wallet');
  const out = el('div', { 'data-testid': 'desk-output' });
  const issue = button('Issue', 'desk-issue', run(async () => {
    out.replaceChildren();
    const holderJwk = parseJsonObject(holder.value.trim(), 'ERR_KEY_INVALID', 'the holder key') as JWK;
    const claimsInput = parseJsonObject(claims.value, 'ERR_INVALID_CLAIM', 'the licence claims');
    // Validated against the licence profile (ERR_INVALID_CLAIM names the field) and bound to the holder key.
    const issued = await issuer.issue({ type: type.value, claims: claimsInput, holder: holderJwk });
    out.replaceChildren(el('p', {}, `Issued ${licenceName(issued.type)} ${issued.id}. Paste it into the wallet:`), copyable(issued.credential, 'desk-credential'));
  }));
  root.replaceChildren(
    el('h2', {}, 'Demo issuing desk'),
    el('p', { class: 'demo-banner' }, 'Demo stand-in for the government issuing system: it signs sample licences in this browser with ', el('code', { 'data-testid': 'desk-did' }, issuer.did), '.'),
    errors.element,
    el('label', {}, 'Licence ', type),
    el('p', {}, claims),
    el('p', {}, holder),
    issue,
    out,
  );
  return { close: () => root.replaceChildren() };
}
