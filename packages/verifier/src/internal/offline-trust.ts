import type { JWK } from '@elicense/core';
import type { TrustState } from '@elicense/trust';
import { BundleTrust } from './bundle-trust.js';
import type { BundleTrustSettings } from './bundle-trust.js';

/**
 * The trust bundle an offline verifier uses now. Updates are applied one at a time, each to the
 * state left by the one before, and replace the state only once they verified: until then, and
 * when they fail, verifications keep using the last good bundle.
 */
export class OfflineTrust {
  readonly publishers: readonly JWK[];
  readonly settings: BundleTrustSettings;
  #current: BundleTrust;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(state: TrustState, publishers: readonly JWK[], settings: BundleTrustSettings) {
    this.publishers = publishers;
    this.settings = settings;
    this.#current = new BundleTrust(state, settings);
  }

  /** The trust source for a verification starting now. */
  current(): BundleTrust {
    return this.#current;
  }

  /** The bundle state in use. */
  get state(): TrustState {
    return this.#current.state;
  }

  /** Run `update` after every update queued before it; it may replace the state through `use`. */
  exclusive<T>(update: (use: (state: TrustState) => void) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() =>
      update((state) => {
        if (state !== this.#current.state) this.#current = new BundleTrust(state, this.settings);
      }),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
