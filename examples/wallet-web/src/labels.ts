/** Names for people: licence types and claims, from each licence type's SD-JWT VC Type Metadata. */
import { formatClaimPath, isJsonObject } from '@elicense/core';
import type { ClaimPath } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';

function display(entries: unknown, field: 'name' | 'label', locale: string): string | undefined {
  if (!Array.isArray(entries)) return undefined;
  const d: unknown = entries.find((e: unknown) => isJsonObject(e) && e.locale === locale);
  return isJsonObject(d) && typeof d[field] === 'string' ? d[field] : undefined;
}

/** "Resident Identity Card · 居民身份证", or the type itself for an unknown one. */
export function licenceName(typeOrVct: string): string {
  const meta = findLicenceProfile(typeOrVct)?.typeMetadata;
  const en = display(meta?.display, 'name', 'en');
  const zh = display(meta?.display, 'name', 'zh-CN');
  return en === undefined ? typeOrVct : zh === undefined ? en : `${en} · ${zh}`;
}

/** "Date of birth" for `['date_of_birth']` of a resident ID card; the dotted path when there is no label. */
export function claimLabel(typeOrVct: string, path: ClaimPath): string {
  const dotted = formatClaimPath(path);
  const claims = findLicenceProfile(typeOrVct)?.typeMetadata.claims;
  if (!Array.isArray(claims)) return dotted;
  const entry: unknown = claims.find((c: unknown) => isJsonObject(c) && Array.isArray(c.path) && formatClaimPath(c.path as ClaimPath) === dotted);
  return (isJsonObject(entry) ? display(entry.display, 'label', 'en') : undefined) ?? dotted;
}

/** A claim value as text: strings as they are, anything else as JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
