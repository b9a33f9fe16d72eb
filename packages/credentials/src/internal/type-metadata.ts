import type { JsonObject } from '@elicense/core';

/** Display text in the two languages every licence type carries. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** How one claim is documented in Type Metadata. */
export interface ClaimDoc {
  name: string;
  label: Bilingual;
  description?: Bilingual;
  /** Whether the Issuer always includes the claim. Default true. */
  mandatory?: boolean;
  /** Sub-claims of an object value. */
  children?: readonly ClaimDoc[];
  /** Label of each element when the value is an array of scalars. */
  items?: Bilingual;
}

/** Type-level text for Type Metadata. */
export interface TypeDoc {
  vct: string;
  name: Bilingual;
  description: Bilingual;
  claims: readonly ClaimDoc[];
}

type ClaimPathComponent = string | null;

/**
 * Language tags used in display objects. Each object carries `locale` (the member name of the current
 * SD-JWT VC draft) and `lang` (the name used by drafts up to -08), with the same value.
 */
const LANGS = [
  ['zh-CN', 'zh'],
  ['en', 'en'],
] as const;

function display(text: Bilingual, key: 'name' | 'label', description?: Bilingual): JsonObject[] {
  return LANGS.map(([tag, k]) => {
    const d: JsonObject = { locale: tag, lang: tag, [key]: text[k] };
    if (description !== undefined) d.description = description[k];
    return d;
  });
}

/** Flatten claim docs into claim metadata; a sub-claim of an optional claim is optional too. */
function claimEntries(docs: readonly ClaimDoc[], parent: readonly ClaimPathComponent[], parentMandatory: boolean, out: JsonObject[]): void {
  for (const doc of docs) {
    const path = [...parent, doc.name];
    const mandatory = parentMandatory && (doc.mandatory ?? true);
    out.push({ path, display: display(doc.label, 'label', doc.description), sd: 'always', mandatory });
    if (doc.children !== undefined) claimEntries(doc.children, path, mandatory, out);
    if (doc.items !== undefined) out.push({ path: [...path, null], display: display(doc.items, 'label'), sd: 'always' });
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Build a frozen SD-JWT VC Type Metadata document: vct, name, description, display and claims. */
export function buildTypeMetadata(doc: TypeDoc): JsonObject {
  const claims: JsonObject[] = [];
  claimEntries(doc.claims, [], true, claims);
  return deepFreeze({
    vct: doc.vct,
    name: doc.name.en,
    description: doc.description.en,
    display: display(doc.name, 'name', doc.description),
    claims,
  });
}
