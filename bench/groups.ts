/**
 * The task groups of `npm run bench`, in the order they run. Each is loaded only when needed: a
 * group's process (bench/group.ts) imports its own module and nothing else, so that its peak RSS is
 * its own.
 */
import type { BenchRow, Target } from './rows.js';

/** A group's measurement and the targets of its module. */
export interface LoadedGroup {
  run: () => Promise<BenchRow[]>;
  targets: Target[];
}

/** A named task group. */
export interface Group {
  name: string;
  load: () => Promise<LoadedGroup>;
}

export const GROUPS: Group[] = [
  { name: 'credentials', load: async () => { const m = await import('./credentials.js'); return { run: m.credentials, targets: m.targets }; } },
  { name: 'status-lists', load: async () => { const m = await import('./status-lists.js'); return { run: m.statusLists, targets: m.targets }; } },
  { name: 'revocation', load: async () => { const m = await import('./revocation.js'); return { run: m.revocation, targets: m.targets }; } },
  { name: 'batch-rate', load: async () => { const m = await import('./batch-issuance.js'); return { run: m.batchRate, targets: m.rateTargets }; } },
  { name: 'batch-10k', load: async () => { const m = await import('./batch-issuance.js'); return { run: m.batch10k, targets: m.memoryTargets }; } },
  { name: 'batch-100k', load: async () => { const m = await import('./batch-issuance.js'); return { run: m.batch100k, targets: m.memoryTargets }; } },
  { name: 'bundle-sizes', load: async () => { const m = await import('./bundle-sizes.js'); return { run: m.bundleSizes, targets: [] }; } },
  { name: 'cold-import', load: async () => { const m = await import('./cold-import.js'); return { run: m.coldImport, targets: m.targets }; } },
  { name: 'browser-bundles', load: async () => { const m = await import('./browser-bundles.js'); return { run: m.browserBundles, targets: m.targets }; } },
];

/** The group named `name`, or `undefined`. */
export function findGroup(name: string): Group | undefined {
  return GROUPS.find((g) => g.name === name);
}
