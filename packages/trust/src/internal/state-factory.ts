import type { TrustState } from '../trust-state.js';
import type { VerifiedBundle } from './bundle.js';

let factory: ((verified: VerifiedBundle) => TrustState) | undefined;

/** Called once by the TrustState class: how to wrap a verified bundle (its constructor is private). */
export function setTrustStateFactory(f: (verified: VerifiedBundle) => TrustState): void {
  factory = f;
}

/** A TrustState for a bundle that passed every check. */
export function trustStateOf(verified: VerifiedBundle): TrustState {
  if (factory === undefined) throw new Error('TrustState is not loaded');
  return factory(verified);
}
