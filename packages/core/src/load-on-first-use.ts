import { ElicenseError } from './errors.js';

/**
 * A loader for code a package loads only when it is first needed (a dynamic `import()`, which a
 * bundler splits into a chunk of its own): the first call starts the load, later calls share it, a
 * failed load is tried again on the next call, and a failure rejects with `ERR_MODULE_LOAD_FAILED`
 * (with the loader's error as `cause`) rather than the platform's own error — e.g. a web page offline
 * whose chunk was never cached.
 *
 * @example
 * ```ts
 * const receiving = loadOnFirstUse(() => import('./receive.js'), 'the credential receiving code')
 * const { receiveCredential } = await receiving()
 * ```
 */
export function loadOnFirstUse<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (loading === undefined) {
      const attempt = load().catch((cause: unknown) => {
        if (loading === attempt) loading = undefined;
        throw new ElicenseError('ERR_MODULE_LOAD_FAILED', `${what} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      });
      loading = attempt;
    }
    return loading;
  };
}
