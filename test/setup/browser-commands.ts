/**
 * Browser commands of the chromium test project: the parts of a test world that need Node (a file
 * ledger in a temporary directory, an HTTP server on 127.0.0.1) run here, in the vitest process, and
 * tests in the page reach them through `test/helpers/host.browser.ts`. Objects are the very ones
 * the Node runs use (`test/helpers/host.node.ts`). `servedModuleFiles` tells a test which files the
 * browser build resolved (`test/helpers/served-modules.ts`).
 */
import type { BrowserCommand } from 'vitest/node';
import type { HostCallOutcome, HostObject, SerializedError } from '../helpers/host.js';

type Remote = Record<string, unknown>;

const objects = new Map<string, Remote>();
let counter = 0;

async function serialize(e: unknown): Promise<SerializedError> {
  const { ElicenseError } = await import('@elicense/core');
  if (e instanceof ElicenseError) return { message: e.message, code: e.code, ...(e.details === undefined ? {} : { details: e.details }) };
  return { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

const testHostOpen: BrowserCommand<['ledger' | 'webHost']> = async (_context, kind): Promise<HostObject> => {
  const { nodeHost } = await import('../helpers/host.node.js');
  let object: Remote;
  if (kind === 'ledger') object = (await nodeHost.openLedger()) as unknown as Remote;
  else if (kind === 'webHost') object = (await nodeHost.startWebHost()) as unknown as Remote;
  else throw new Error(`testHostOpen: unknown kind ${String(kind)}`);
  const handle = `${kind}-${++counter}`;
  objects.set(handle, object);
  const props = Object.fromEntries(Object.entries(object).filter(([, v]) => typeof v !== 'function'));
  return { handle, props };
};

const testHostCall: BrowserCommand<[string, string, unknown[]]> = async (_context, handle, method, args): Promise<HostCallOutcome> => {
  const object = objects.get(handle);
  if (object === undefined) throw new Error(`testHostCall: no open object ${handle} (closed already?)`);
  const fn = object[method];
  if (typeof fn !== 'function') throw new Error(`testHostCall: ${handle} has no method ${method}`);
  try {
    const value: unknown = await (fn as (...a: unknown[]) => unknown).apply(object, args);
    if (method === 'close') objects.delete(handle);
    return value === undefined ? { ok: true } : { ok: true, value };
  } catch (e) {
    return { ok: false, error: await serialize(e) };
  }
};

/**
 * Files of the modules the browser's vite server has resolved for the page whose path contains
 * `fragment`: which module an import specifier or export condition really led to in the browser.
 */
const servedModuleFiles: BrowserCommand<[string]> = (context, fragment): string[] => {
  const vite = context.project.browser?.vite;
  if (vite === undefined) throw new Error('servedModuleFiles: this project has no browser server');
  return [...vite.moduleGraph.fileToModulesMap.keys()].filter((file) => file.includes(fragment)).sort();
};

export const browserCommands = { testHostOpen, testHostCall, servedModuleFiles };
