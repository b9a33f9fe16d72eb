import { describe, expect, it } from 'vitest';
import { ElicenseError, loadOnFirstUse } from '@elicense/core';
import { codeOf } from '../../../test/helpers/errors.js';

describe('loadOnFirstUse', () => {
  it('loads once, on the first call, and shares the module with every later call', async () => {
    let loads = 0;
    const load = loadOnFirstUse(async () => {
      loads++;
      return { answer: 42 };
    }, 'the answer');
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('turns a failed load into ERR_MODULE_LOAD_FAILED with the cause, and tries again on the next call', async () => {
    let attempt = 0;
    const failure = new TypeError('Failed to fetch dynamically imported module');
    const load = loadOnFirstUse(async () => {
      if (++attempt === 1) throw failure;
      return 'loaded';
    }, 'the receiving code');
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElicenseError);
    expect((error as ElicenseError).code).toBe('ERR_MODULE_LOAD_FAILED');
    expect((error as ElicenseError).cause).toBe(failure);
    expect(await load()).toBe('loaded');
    expect(attempt).toBe(2);
  });

  it('loads a real module split off by import()', async () => {
    const load = loadOnFirstUse(() => import('@elicense/core'), '@elicense/core');
    expect(typeof (await load()).loadOnFirstUse).toBe('function');
    expect(await codeOf(loadOnFirstUse(() => import('./no-such-module.js' as string), 'a missing module'))).toBe('ERR_MODULE_LOAD_FAILED');
  });
});
