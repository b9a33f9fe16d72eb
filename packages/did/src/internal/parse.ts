import { ElicenseError } from '@elicense/core';
import { parse, type ParsedDID } from 'did-resolver';
import { invalidArgument } from './assert.js';
import { MAX_DID_LENGTH } from './limits.js';

/** Parse a DID URL (DID Core §3.2): strings only, bounded length, did-resolver's grammar. */
export function parseDidUrl(value: unknown, name: string): ParsedDID {
  if (typeof value !== 'string') throw invalidArgument(name, 'a DID string', value);
  if (value.length > MAX_DID_LENGTH) {
    throw new ElicenseError('ERR_INPUT_TOO_LARGE', `${name} is ${value.length} characters long; at most ${MAX_DID_LENGTH} are accepted`);
  }
  const parsed = parse(value);
  if (parsed === null) {
    throw new ElicenseError('ERR_DID_INVALID', `${name} is not a valid DID: expected "did:<method>:<method-specific-id>", got ${short(value)}`);
  }
  return parsed;
}

/** Parse a bare DID (DID Core §3.1): no path, query, parameters or fragment. */
export function parseDid(value: unknown, name: string): ParsedDID {
  const parsed = parseDidUrl(value, name);
  if (parsed.didUrl !== parsed.did) {
    throw new ElicenseError('ERR_DID_INVALID', `${name} must be a DID without path, query, parameters or fragment, got ${short(parsed.didUrl)}`);
  }
  return parsed;
}

function short(s: string): string {
  return s.length > 80 ? `${JSON.stringify(s.slice(0, 80))}… (${s.length} characters)` : JSON.stringify(s);
}
