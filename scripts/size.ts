/**
 * `npm run size`: the browser bundles of the wallet and the verifier SDKs (esbuild, ESM, minified,
 * tree-shaken, browser export conditions), minified and gzipped — all chunks, and the initial load
 * (without lazily imported chunks). Fails, naming the module and its import chain, when a bundle
 * pulls in issuer code or a Node built-in.
 *
 * For the verifier it also gives what a page loads to complete its first verification in each mode
 * (the initial load plus the lazy chunks that path imports; see `FIRST_USE`).
 *
 * `npm run size -- --why` also lists, per bundle, the modules that weigh most in the initial load
 * and in the lazily loaded chunks (minified bytes, after tree-shaking).
 */
import { FIRST_USE, describeProblem, measureBrowserBundle, type BrowserBundle } from './browser-bundle.js';

const ENTRIES = ['@elicense/holder', '@elicense/verifier'];

const size = (n: number): string => `${n.toLocaleString('en-US')} B (${(n / 1024).toFixed(1)} KiB)`;

/** The package a module belongs to: `@elicense/core`, `did-jwt`, … */
function packageOf(path: string): string {
  const workspace = /^packages\/([^/]+)\//.exec(path);
  if (workspace !== null) return `@elicense/${workspace[1]}`;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return dep === null ? path : dep[1]!;
}

const bundles: BrowserBundle[] = [];
for (const entry of ENTRIES) {
  try {
    bundles.push(await measureBrowserBundle(entry, { paths: FIRST_USE[entry] ?? {} }));
  } catch (e) {
    console.error(`${entry}: esbuild cannot bundle it for the browser:\n${(e as Error).message}`);
    process.exit(1);
  }
}

const rows = [
  ['package', 'minified', 'min + gzip', 'initial load, min + gzip', 'modules'],
  ...bundles.map((b) => [b.entry, size(b.minified), size(b.gzipped), size(b.initial.gzipped), String(b.inputs.length)]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [n, r] of rows.entries()) {
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '));
  if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
}
for (const b of bundles) {
  const paths = Object.entries(b.paths);
  if (paths.length === 0) continue;
  console.log(`\n${b.entry}, min + gzip loaded to complete:`);
  const width = Math.max(...paths.map(([name]) => name.length));
  for (const [name, s] of paths) console.log(`  ${name.padEnd(width)}   ${size(s.gzipped).padStart(20)}`);
}
for (const b of bundles) {
  const perPackage = new Map<string, number>();
  for (const [path, n] of Object.entries(b.bytesInOutput)) perPackage.set(packageOf(path), (perPackage.get(packageOf(path)) ?? 0) + n);
  const top = [...perPackage].sort((x, y) => y[1] - x[1]).slice(0, 6);
  console.log(`\n${b.entry}, minified bytes by package: ${top.map(([p, n]) => `${p} ${n.toLocaleString('en-US')}`).join(', ')}`);
}

if (process.argv.includes('--why')) {
  const list = (title: string, bytes: Record<string, number>): void => {
    const rows = Object.entries(bytes).filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]);
    const total = rows.reduce((t, [, n]) => t + n, 0);
    console.log(`  ${title}: ${rows.length} modules, ${total.toLocaleString('en-US')} B minified`);
    for (const [path, n] of rows.slice(0, 25)) console.log(`    ${n.toLocaleString('en-US').padStart(7)}  ${path}`);
  };
  for (const b of bundles) {
    const lazy: Record<string, number> = {};
    for (const [path, n] of Object.entries(b.bytesInOutput)) lazy[path] = n - (b.initialBytesInOutput[path] ?? 0);
    console.log(`\n${b.entry}, heaviest modules:`);
    list('initial load', b.initialBytesInOutput);
    list('lazily loaded', lazy);
  }
}

const problems = bundles.flatMap((b) => b.problems.map((p) => describeProblem(b.entry, p)));
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s): browser bundles must contain no issuer code and no Node built-in`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
