/**
 * Reads the `specification.yml` inputs of the SD-JWT spec generator and of sd-jwt-python: `!sd` tags
 * mark selectively disclosable claims (on a key) or array elements (on an element). The tags become a
 * DisclosureFrame; `holder_disclosed_claims` (sd-jwt-python semantics) becomes reveal/exclude paths.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type ScalarTag, type CollectionTag } from 'yaml';
import type { ClaimPath, DisclosureFrame } from '@elicense/core';

const SD = '!sd';

/** `!sd` as a custom tag, so the parser keeps the node (and its quoting style) and reports no warning. */
const sdTags: (ScalarTag | CollectionTag)[] = [
  { tag: SD, identify: () => false, resolve: (source: string) => source },
  { tag: SD, collection: 'map', identify: () => false },
  { tag: SD, collection: 'seq', identify: () => false },
];

/** A claim tree with the `!sd` marks kept. */
export type Annotated =
  | { kind: 'scalar'; value: unknown }
  | { kind: 'map'; entries: { key: string; sd: boolean; child: Annotated }[] }
  | { kind: 'seq'; items: { sd: boolean; child: Annotated }[] };

export interface Specification {
  /** The whole document as plain data (tags dropped). */
  data: Record<string, unknown>;
  /** `user_claims` with the `!sd` marks. */
  claims: Annotated;
}

/** Parse a specification.yml. */
export function parseSpecification(text: string): Specification {
  const doc = parseDocument(text, { customTags: sdTags });
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Error(`YAML: ${[...doc.errors, ...doc.warnings].join('; ')}`);
  const root = doc.contents;
  if (!isMap(root)) throw new Error('specification.yml must be a map');
  const data: Record<string, unknown> = {};
  let claims: Annotated | undefined;
  for (const pair of root.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const ann = annotate(pair.value as Node | null);
    data[key] = toValue(ann);
    if (key === 'user_claims') claims = ann;
  }
  if (!claims) throw new Error('specification.yml has no user_claims');
  return { data, claims };
}

function scalarValue(node: Node): unknown {
  if (!isScalar(node)) throw new Error('expected a scalar');
  if (node.tag === SD) {
    // the custom tag leaves the source text; resolve it as an untagged scalar of the same style would be
    return node.type === 'PLAIN' ? parseDocument(String(node.value)).toJS() : String(node.value);
  }
  return node.value;
}

function annotate(node: Node | null): Annotated {
  if (node === null) return { kind: 'scalar', value: null };
  if (isMap(node)) {
    return {
      kind: 'map',
      entries: node.items.map((pair) => {
        const keyNode = pair.key as Node;
        const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
        const valueNode = pair.value as Node | null;
        const sd = (isScalar(keyNode) && keyNode.tag === SD) || (valueNode !== null && valueNode.tag === SD);
        return { key, sd, child: annotate(valueNode) };
      }),
    };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => ({ sd: (item as Node).tag === SD, child: annotate(item as Node) })) };
  }
  return { kind: 'scalar', value: scalarValue(node) };
}

/** Plain data. */
export function toValue(a: Annotated): unknown {
  if (a.kind === 'scalar') return a.value;
  if (a.kind === 'seq') return a.items.map((i) => toValue(i.child));
  const out: Record<string, unknown> = {};
  for (const e of a.entries) Object.defineProperty(out, e.key, { value: toValue(e.child), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The DisclosureFrame the `!sd` marks describe (undefined when nothing below is disclosable). */
export function toFrame(a: Annotated): DisclosureFrame | undefined {
  if (a.kind === 'scalar') return undefined;
  const frame: DisclosureFrame = {};
  const sd: (string | number)[] = [];
  const children = a.kind === 'map' ? a.entries.map((e) => ({ key: e.key as string | number, sd: e.sd, child: e.child })) : a.items.map((it, i) => ({ key: i as string | number, sd: it.sd, child: it.child }));
  for (const c of children) {
    if (c.sd) sd.push(c.key);
    const sub = toFrame(c.child);
    if (sub) frame[String(c.key)] = sub;
  }
  if (sd.length > 0) frame._sd = sd;
  return Object.keys(frame).length > 0 ? frame : undefined;
}

/** Paths of every selectively disclosable node. */
export function sdPaths(a: Annotated, path: (string | number)[] = []): (string | number)[][] {
  if (a.kind === 'scalar') return [];
  const out: (string | number)[][] = [];
  const children = a.kind === 'map' ? a.entries.map((e) => ({ key: e.key as string | number, sd: e.sd, child: e.child })) : a.items.map((it, i) => ({ key: i as string | number, sd: it.sd, child: it.child }));
  for (const c of children) {
    if (c.sd) out.push([...path, c.key]);
    out.push(...sdPaths(c.child, [...path, c.key]));
  }
  return out;
}

function truthy(x: unknown): boolean {
  if (x === null || x === undefined || x === false || x === 0 || x === '') return false;
  if (Array.isArray(x)) return x.length > 0;
  if (typeof x === 'object') return Object.keys(x).length > 0;
  return true;
}

/**
 * The selectively disclosable nodes that sd-jwt-python's Holder (`SDJWTHolder._select_disclosures`)
 * discloses for `holder_disclosed_claims`: in an object, an `!sd` key is disclosed when its entry is
 * truthy (Python truthiness: `{}`, `[]`, `null`, `false` are not); in an array, an `!sd` element is
 * disclosed unless its entry is `false`/`null`/missing; `true` for a container discloses only the
 * container itself. Recursion continues below every key, disclosed or not.
 */
export function pythonHolderSelection(a: Annotated, spec: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (a.kind === 'scalar' || spec === null || spec === undefined) return out;
  if (a.kind === 'map') {
    const s = spec === true ? {} : spec;
    if (typeof s !== 'object' || Array.isArray(s)) throw new Error(`holder_disclosed_claims at ${path.join('.')} must be an object`);
    const entries = s as Record<string, unknown>;
    for (const e of a.entries) {
      const sub = Object.hasOwn(entries, e.key) ? entries[e.key] : undefined;
      if (e.sd && truthy(sub)) out.push([...path, e.key]);
      pythonHolderSelection(e.child, sub, [...path, e.key], out);
    }
    return out;
  }
  const s = spec === true ? a.items.map(() => true) : spec;
  if (!Array.isArray(s)) throw new Error(`holder_disclosed_claims at ${path.join('.')} must be an array`);
  a.items.forEach((item, i) => {
    const sub: unknown = s[i];
    if (item.sd) {
      if (sub === false || sub === null || sub === undefined || sub === 0) return;
      out.push([...path, i]);
      const inner = sub === true ? (item.child.kind === 'seq' ? [] : {}) : sub;
      pythonHolderSelection(item.child, inner, [...path, i], out);
    } else {
      pythonHolderSelection(item.child, sub, [...path, i], out);
    }
  });
  return out;
}

/** The claims a Verifier sees when exactly the nodes in `disclosed` are disclosed (reference, independent of the library). */
export function expectedClaims(a: Annotated, disclosed: readonly ClaimPath[], path: (string | number)[] = []): unknown {
  const isDisclosed = (p: (string | number)[]): boolean => disclosed.some((d) => d.length === p.length && d.every((c, i) => c === p[i]));
  if (a.kind === 'scalar') return a.value;
  if (a.kind === 'map') {
    const out: Record<string, unknown> = {};
    for (const e of a.entries) {
      const p = [...path, e.key];
      if (e.sd && !isDisclosed(p)) continue;
      Object.defineProperty(out, e.key, { value: expectedClaims(e.child, disclosed, p), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const out: unknown[] = [];
  a.items.forEach((item, i) => {
    const p = [...path, i];
    if (item.sd && !isDisclosed(p)) return;
    out.push(expectedClaims(item.child, disclosed, p));
  });
  return out;
}
