/**
 * The messages between a {@link VerifierPool} and its worker threads, and how an error crosses the
 * thread boundary (structured clone keeps neither the class nor the `code` of an error).
 */
import { ElicenseError } from '@elicense/core';
import type { ErrorCode } from '@elicense/core';
import type { OfflineVerifierOptions, StatusOptions, VerificationReport, VerifierOptions } from '../types.js';
import type { VerifyCredentialOptions } from '../verify-credential.js';
import type { VerifyJwtVcOptions } from '../verify-jwt-vc.js';
import type { VerifyPresentationOptions } from '../verify-presentation.js';

/**
 * The options of an online {@link Verifier} that can be sent to a worker thread: plain data only.
 * Each worker resolves DIDs with its own default `DidResolver` (`did:key` and `did:jwk` offline,
 * `did:web` over the platform `fetch`); `now` is a fixed time, Unix seconds (without it the workers
 * read the system clock).
 */
export type PortableVerifierOptions = Omit<VerifierOptions, 'resolver' | 'now' | 'status'> & {
  /** Status lists held by URI, the ledger's latest anchors, and whether a status entry is required. */
  status?: Pick<StatusOptions, 'lists' | 'anchors' | 'require'>;
  /** A fixed clock, Unix seconds, instead of the system clock (e.g. to re-check a batch as of an earlier time). */
  now?: number;
};

/** The options of an offline verifier ({@link Verifier.fromBundle}) that can be sent to a worker thread. */
export type PortableOfflineVerifierOptions = Omit<OfflineVerifierOptions, 'now'> & {
  /** A fixed clock, Unix seconds, instead of the system clock. */
  now?: number;
};

/** How every worker of a pool builds its verifier. */
export type PoolVerifierSetup =
  | { online: PortableVerifierOptions }
  | { offline: PortableOfflineVerifierOptions }
  | { module: string; data?: unknown };

/** One verification a worker runs. */
export type PoolJob =
  | { method: 'verifyPresentation'; token: string; options: VerifyPresentationOptions }
  | { method: 'verifyCredential'; token: string; options?: VerifyCredentialOptions }
  | { method: 'verifyJwtVc'; token: string; options?: VerifyJwtVcOptions };

/** An error as it crosses the thread boundary. */
export interface PortableError {
  name: string;
  message: string;
  code?: ErrorCode;
  details?: Record<string, unknown>;
}

/** Main thread → worker. */
export type ToWorker = { id: number; jobs: PoolJob[] };

/** One answer per job of a batch, in order. */
export type JobResult = { report: VerificationReport } | { error: PortableError };

/**
 * Worker → main thread: `ready` once after setup, then one answer per batch of jobs, its
 * `JobResult[]` as JSON text: reports are JSON data, and parsing text costs the main thread less
 * than deserialising the same objects.
 */
export type FromWorker = { ready: true } | { ready: false; error: PortableError } | { id: number; results: string };

/** Flatten an error for `postMessage`, keeping an {@link ElicenseError}'s code and details. */
export function toPortableError(e: unknown): PortableError {
  if (e instanceof ElicenseError) {
    const details = e.details === undefined ? undefined : cloneable(e.details);
    return { name: e.name, message: e.message, code: e.code, ...(details === undefined ? {} : { details }) };
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Rebuild an error that came from a worker: an {@link ElicenseError} with its code, or a plain `Error`. */
export function fromPortableError(p: PortableError): Error {
  if (p.code !== undefined) return new ElicenseError(p.code, p.message, p.details === undefined ? {} : { details: p.details });
  const error = new Error(p.message);
  error.name = p.name;
  return error;
}

/** Details that survive structured clone: JSON data only (a `cause` or a function inside would not). */
function cloneable(details: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
