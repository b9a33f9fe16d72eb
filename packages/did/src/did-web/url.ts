import { ElicenseError } from '@elicense/core';
import { invalidArgument } from '../internal/assert.js';
import { parseDid } from '../internal/parse.js';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const HOST_AND_PORT = /^([^%]+)(?:%3[Aa]([0-9]{1,5}))?$/;
const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/** Where a did:web document lives, per the did:web Read (Resolve) steps. */
export function didWebLocation(did: string, allowHttpLocalhost: boolean): string {
  const msid = did.slice('did:web:'.length);
  const [hostPart = '', ...path] = msid.split(':');
  const m = HOST_AND_PORT.exec(hostPart);
  if (!m) {
    throw new ElicenseError('ERR_DID_INVALID', `did:web domain ${JSON.stringify(hostPart)} is invalid: only the port colon may be percent-encoded (as %3A)`);
  }
  const host = m[1]!;
  const port = m[2];
  if (host.length > 253 || !HOSTNAME.test(host)) {
    throw new ElicenseError('ERR_DID_INVALID', `did:web domain ${JSON.stringify(host)} is not a valid domain name`);
  }
  const local = allowHttpLocalhost && LOCAL_HOSTS.includes(host.toLowerCase());
  if (IPV4.test(host) && !local) {
    throw new ElicenseError('ERR_DID_INVALID', `did:web must not use an IP address (${host}); use a domain name`);
  }
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65535 || String(n) !== port) throw new ElicenseError('ERR_DID_INVALID', `did:web port ${port} is not a valid port number`);
  }
  for (const segment of path) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch (cause) {
      throw new ElicenseError('ERR_DID_INVALID', `did:web path segment ${JSON.stringify(segment)} has invalid percent-encoding`, { cause });
    }
    if (segment === '' || decoded === '.' || decoded === '..' || /[/\\?#]/.test(decoded)) {
      throw new ElicenseError('ERR_DID_INVALID', `did:web path segment ${JSON.stringify(segment)} is not allowed (empty, "." / "..", or an encoded "/", "\\", "?" or "#")`);
    }
  }
  const origin = `${local ? 'http' : 'https'}://${host}${port === undefined ? '' : `:${port}`}`;
  return `${origin}/${path.length === 0 ? '.well-known' : path.join('/')}/did.json`;
}

/**
 * The HTTPS URL of a did:web DID document: `:` becomes `/`, a `%3A` port colon is decoded, a bare
 * domain gets `/.well-known`, and `/did.json` is appended. Malformed did:web values (IP addresses,
 * bad domain names, `..` path segments) throw ERR_DID_INVALID.
 *
 * @example
 * ```ts
 * didWebToUrl('did:web:example.com%3A3000:user:alice') // 'https://example.com:3000/user/alice/did.json'
 * didWebToUrl('did:web:w3c-ccg.github.io')            // 'https://w3c-ccg.github.io/.well-known/did.json'
 * ```
 * @see https://w3c-ccg.github.io/did-method-web/#read-resolve
 */
export function didWebToUrl(did: string): string {
  if (typeof did !== 'string' || !did.startsWith('did:web:')) throw invalidArgument('did', 'a did:web DID', did);
  parseDid(did, 'did');
  return didWebLocation(did, false);
}
