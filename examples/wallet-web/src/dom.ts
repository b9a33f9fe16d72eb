/**
 * The few DOM helpers both pages share: build elements, run an action with its error shown on the
 * page (code and message — never a blank screen), and show text a user copies.
 */
import { ElicenseError } from '@elicense/core';

type Child = Node | string | null | undefined | false;

/** `el('p', { class: 'hint' }, 'text', child)`: an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== false) e.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** Where an app shows its last error: the stable `code` in a `<code>`, then the message. */
export interface ErrorBox {
  readonly element: HTMLElement;
  show(error: unknown): void;
  clear(): void;
}

/** An error box; its code element is `[data-testid="<testid>-code"]`. */
export function errorBox(testid: string): ErrorBox {
  const element = el('p', { role: 'alert', class: 'error', 'data-testid': testid, hidden: true });
  return {
    element,
    show(error) {
      // ElicenseError carries a stable code; anything else is a bug of the page, shown by its name.
      const code = error instanceof ElicenseError ? error.code : error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      element.replaceChildren(el('code', { 'data-testid': `${testid}-code` }, code), ' ', message);
      element.hidden = false;
    },
    clear() {
      element.replaceChildren();
      element.hidden = true;
    },
  };
}

/**
 * Wraps an app's async actions: while one runs, `root` has `aria-busy="true"`; its error, if any,
 * goes to the error box. `before` runs first (e.g. to clear the last notice).
 */
export function actionRunner(root: HTMLElement, errors: ErrorBox, before?: () => void): (action: () => Promise<void> | void) => () => Promise<void> {
  return (action) => async () => {
    errors.clear();
    before?.();
    root.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (e) {
      errors.show(e);
    } finally {
      root.removeAttribute('aria-busy');
    }
  };
}

/** A button that runs `onClick`. */
export function button(label: string, testid: string, onClick: () => unknown): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-testid': testid }, label);
  b.addEventListener('click', () => void onClick());
  return b;
}

/** Read-only text with a Copy button: what a user hands to the other side by copy-paste. */
export function copyable(text: string, testid: string): HTMLElement {
  const area = el('textarea', { readonly: true, rows: '4', 'data-testid': testid });
  area.value = text;
  const copy = button('Copy', `${testid}-copy`, async () => {
    area.select();
    await navigator.clipboard?.writeText(text).catch(() => undefined); // the text stays selected for Ctrl+C
  });
  return el('div', { class: 'copyable' }, area, copy);
}

/** A text area to paste into. */
export function pasteArea(testid: string, placeholder: string): HTMLTextAreaElement {
  return el('textarea', { rows: '4', placeholder, 'data-testid': testid, spellcheck: 'false' });
}

/** Show an error that stopped a page from starting, in place of the page. */
export function showFatal(root: HTMLElement, error: unknown): void {
  const box = errorBox('fatal-error');
  box.show(error);
  root.replaceChildren(el('p', {}, 'This page could not start:'), box.element);
}
