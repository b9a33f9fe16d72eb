import { invalidArgument } from '@elicense/core';

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SEGMENT = /^[A-Za-z0-9._~%-]+$/;

/**
 * The did:web DID for a domain option: `gov.example:user:bureau` → `did:web:gov.example:user:bureau`,
 * `127.0.0.1:8443` or `127.0.0.1%3A8443` → `did:web:127.0.0.1%3A8443`.
 * @see https://w3c-ccg.github.io/did-method-web/#method-specific-identifier
 */
export function didWebFromDomain(domain: unknown): string {
  if (typeof domain !== 'string' || domain.length === 0) {
    throw invalidArgument('options.domain', 'the did:web host and optional path (e.g. "licensing.gov.example")', domain);
  }
  let rest = domain.startsWith('did:web:') ? domain.slice('did:web:'.length) : domain;
  const segments = rest.split(':');
  let host = segments.shift()!;
  let port: string | undefined;
  const pct = /^(.*)%3A(\d{1,5})$/i.exec(host);
  if (pct) {
    host = pct[1]!;
    port = pct[2]!;
  } else if (segments.length > 0 && /^\d{1,5}$/.test(segments[0]!)) {
    port = segments.shift()!;
  }
  if (!HOST.test(host)) throw invalidArgument('options.domain', 'a host name such as "licensing.gov.example"', domain);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw invalidArgument('options.domain', 'a host with a port between 1 and 65535', domain);
  }
  for (const s of segments) {
    if (!SEGMENT.test(s)) throw invalidArgument('options.domain', 'colon-separated path segments of URL-safe characters', domain);
  }
  rest = [port === undefined ? host : `${host}%3A${port}`, ...segments].join(':');
  return `did:web:${rest}`;
}
