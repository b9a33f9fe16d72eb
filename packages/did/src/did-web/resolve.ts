import { ElicenseError, parseJson } from '@elicense/core';
import type { DIDDocument } from 'did-resolver';
import { sanitizeDocument } from '../internal/document.js';
import { MAX_DOCUMENT_SIZE } from '../internal/limits.js';
import { didWebLocation } from './url.js';

/** What did:web resolution needs from the resolver options. */
export interface DidWebFetchOptions {
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  allowHttpLocalhost: boolean;
}

function failed(message: string, details: Record<string, unknown>, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_DID_RESOLUTION_FAILED', message, cause === undefined ? { details } : { details, cause });
}

/**
 * Fetch and check a did:web DID document: GET the URL from the DID (with a timeout), require HTTP
 * 200, a JSON object body of bounded size, and `id` equal to the DID. Private key material in the
 * document is removed. Every failure is ERR_DID_RESOLUTION_FAILED (ERR_DID_INVALID for a bad DID).
 *
 * @see https://w3c-ccg.github.io/did-method-web/#read-resolve
 */
export async function resolveDidWebDocument(did: string, options: DidWebFetchOptions): Promise<DIDDocument> {
  const url = didWebLocation(did, options.allowHttpLocalhost);
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') {
    throw failed(`cannot resolve ${did}: no fetch function is available; pass options.fetch`, { did, url });
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(failed(`resolving ${did}: no answer from ${url} within ${options.timeoutMs} ms`, { did, url, timeoutMs: options.timeoutMs }));
    }, options.timeoutMs);
  });
  try {
    const text = await Promise.race([fetchText(fetchFn, url, did, controller.signal, options.allowHttpLocalhost), timeout]);
    const json = parseJson(text, 'ERR_DID_RESOLUTION_FAILED', `DID document at ${url}`);
    return sanitizeDocument(json, did, 'ERR_DID_RESOLUTION_FAILED', `DID document at ${url}`);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchText(
  fetchFn: typeof globalThis.fetch,
  url: string,
  did: string,
  signal: AbortSignal,
  allowHttpLocalhost: boolean,
): Promise<string> {
  let response: Response;
  try {
    response = await fetchFn(url, { method: 'GET', headers: { accept: 'application/did+json, application/json' }, signal, redirect: 'follow' });
  } catch (cause) {
    throw failed(`resolving ${did}: fetching ${url} failed`, { did, url }, cause);
  }
  if (response.status !== 200) {
    throw failed(`resolving ${did}: ${url} answered HTTP ${response.status} (expected 200)`, { did, url, status: response.status });
  }
  if (typeof response.url === 'string' && response.url !== '' && response.url !== url) {
    const finalUrl = safeUrl(response.url);
    const local = allowHttpLocalhost && finalUrl !== undefined && ['localhost', '127.0.0.1'].includes(finalUrl.hostname);
    if (finalUrl === undefined || (finalUrl.protocol !== 'https:' && !(local && finalUrl.protocol === 'http:'))) {
      throw failed(`resolving ${did}: ${url} redirected to a non-HTTPS location`, { did, url, finalUrl: response.url });
    }
  }
  const length = Number(response.headers?.get('content-length') ?? '0');
  if (length > MAX_DOCUMENT_SIZE) {
    throw failed(`resolving ${did}: the document at ${url} is ${length} bytes; at most ${MAX_DOCUMENT_SIZE} are accepted`, { did, url, length });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw failed(`resolving ${did}: reading the body of ${url} failed`, { did, url }, cause);
  }
  if (text.length > MAX_DOCUMENT_SIZE) {
    throw failed(`resolving ${did}: the document at ${url} is larger than ${MAX_DOCUMENT_SIZE} bytes`, { did, url });
  }
  return text;
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}
