/**
 * @module @elicense/verifier/node
 *
 * Node-only parts of the verifier: {@link VerifierPool}, which spreads verification over worker
 * threads so that a server checking many presentations uses every core. Browsers and phones use the
 * main entry.
 */
export { VerifierPool } from './verifier-pool.js';
export type { VerifierPoolOptions, PresentationToVerify, PortableVerifierOptions, PortableOfflineVerifierOptions } from './verifier-pool.js';
