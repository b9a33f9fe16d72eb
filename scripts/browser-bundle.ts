/**
 * Bundle an entry for the browser with esbuild, in memory, and measure it: minified bytes, gzipped
 * bytes (zlib level 9), the modules that went in — and whether it pulls in anything a wallet or
 * verifier bundle must never contain: a Node built-in (`node:fs`, bare `fs`, `crypto`, …) or issuer
 * code (`packages/issuer/`). Each such problem names the offending module and the import chain from
 * the entry to it. Used by `npm run size` and the benchmark.
 */
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

/** The repository root: module paths in results are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Something a browser bundle must not contain. */
export interface BundleProblem {
  kind: 'node-builtin' | 'issuer';
  /** The built-in as imported (`node:fs`, `crypto`), or the issuer module through which issuer code enters. */
  module: string;
  /** From the entry to the module that imports the built-in / to the issuer module itself. */
  chain: string[];
}

/** Bytes of some chunks of a bundle, minified and gzipped (each chunk at level 9, as it is served). */
export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** What {@link measureBrowserBundle} found. */
export interface BrowserBundle extends BundleSize {
  entry: string;
  /**
   * What a page loads before any lazy `import()` runs: the entry chunk and the chunks it imports
   * statically. `minified`/`gzipped` count every chunk, lazy ones included.
   */
  initial: BundleSize;
  /** Every module in the bundle (paths relative to the repository root), sorted. */
  inputs: string[];
  /** Bytes each module contributes to the minified bundle (after tree-shaking). */
  bytesInOutput: Record<string, number>;
  /** The part of {@link bytesInOutput} in the initial load (a module may also have bytes in lazy chunks). */
  initialBytesInOutput: Record<string, number>;
  /** Node built-ins and issuer code the bundle pulls in; empty when the bundle is clean. */
  problems: BundleProblem[];
  /** What a page loads to complete each of {@link MeasureOptions.paths}: the initial load and the lazy chunks that path imports. */
  paths: Record<string, BundleSize>;
}

export interface MeasureOptions {
  /** Where the entry is resolved from. Default: the repository root. */
  resolveDir?: string;
  /**
   * Named ways of using the entry, each as the lazily imported modules (paths relative to the
   * repository root) that it reaches — e.g. the online verifier's first verification imports
   * `packages/verifier/dist/internal/online-trust.js`. A path's size counts the initial load, the
   * chunk of each module and every chunk those import statically. A module that is no lazily
   * imported chunk of the bundle is an error, so a path cannot go stale unnoticed.
   */
  paths?: Record<string, readonly string[]>;
}

/**
 * The lazy modules each usage path of an SDK reaches before it completes (see
 * {@link MeasureOptions.paths}); `npm run size` and the benchmark report a size for each.
 */
export const FIRST_USE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  '@elicense/verifier': {
    // new Verifier({ trustedIssuers }) + verifyPresentation / verifyCredential: all up front
    'online, first SD-JWT VC verification': [],
    // Verifier.fromBundle + verifyPresentation / verifyCredential: trust bundle verification
    'offline, first SD-JWT VC verification': ['packages/verifier/dist/from-bundle.js'],
    // new Verifier({ trustedIssuers }) + verifyJwtVc (not nested): the W3C VC JWT checks and Bitstring Status List
    'online, first W3C VC JWT verification': ['packages/verifier/dist/verify-jwt-vc.js'],
  },
};

/** The synthetic entry module: re-exports everything the measured entry exports. */
const ENTRY = '<entry>';
const BUILTINS = new Set(builtinModules);
const SKIP = Symbol('resolving');

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!);
}

/**
 * Resolves Node built-ins as external modules (so the build completes and the metafile says who
 * imports them) and records each import — unless a package's `browser` field maps it to a browser
 * replacement, which esbuild then uses as usual.
 */
function builtinWatch(found: { spec: string; importer: string }[]): Plugin {
  return {
    name: 'node-builtin-watch',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === SKIP || !isBuiltin(args.path)) return undefined;
        if (!args.path.startsWith('node:')) {
          const mapped = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: SKIP });
          if (mapped.errors.length === 0 && !mapped.external) return { path: mapped.path, namespace: mapped.namespace, sideEffects: mapped.sideEffects };
        }
        found.push({ spec: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/** Shortest import chain from the entry to `target`, through the metafile's import graph. */
function chainTo(metafile: Metafile, target: string): string[] {
  const previous = new Map<string, string>();
  const queue = [ENTRY];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === target) break;
    for (const i of metafile.inputs[at]?.imports ?? []) {
      if (i.external || seen.has(i.path)) continue;
      seen.add(i.path);
      previous.set(i.path, at);
      queue.push(i.path);
    }
  }
  if (target !== ENTRY && !previous.has(target)) return [target];
  const chain = [target];
  for (let at = target; previous.has(at); ) {
    at = previous.get(at)!;
    chain.unshift(at);
  }
  return chain;
}

function isIssuerModule(path: string): boolean {
  const p = path.split(sep).join('/');
  return p.startsWith('packages/issuer/') || p.includes('/packages/issuer/') || p.includes('node_modules/@elicense/issuer/');
}

/**
 * Bundle `entry` (a package name such as `@elicense/verifier`, or a module path) for the browser:
 * esbuild, ESM, minified, tree-shaken, browser export conditions, lazy `import()`s split into their
 * own chunks, nothing written to disk.
 * Resolves with the sizes, the inputs and the problems; rejects only when esbuild cannot bundle.
 *
 * @example
 * ```ts
 * const { minified, gzipped, problems } = await measureBrowserBundle('@elicense/verifier');
 * ```
 */
export async function measureBrowserBundle(entry: string, options: MeasureOptions = {}): Promise<BrowserBundle> {
  const builtins: { spec: string; importer: string }[] = [];
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: options.resolveDir ?? REPO_ROOT, sourcefile: ENTRY, loader: 'js' },
    absWorkingDir: REPO_ROOT,
    nodePaths: [join(REPO_ROOT, 'node_modules')],
    bundle: true,
    splitting: true,
    outdir: 'out',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: ['browser', 'module'],
    minify: true,
    treeShaking: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [builtinWatch(builtins)],
  });
  const metafile = result.metafile;
  const chunks = new Map(result.outputFiles.map((f) => [relative(REPO_ROOT, f.path).split(sep).join('/'), f.contents]));
  const sizeOf = (names: Iterable<string>): BundleSize => {
    let minified = 0;
    let gzipped = 0;
    for (const name of names) {
      const code = chunks.get(name)!;
      minified += code.length;
      gzipped += gzipSync(code, { level: 9 }).length;
    }
    return { minified, gzipped };
  };
  const entryChunk = Object.keys(metafile.outputs).find((o) => metafile.outputs[o]!.entryPoint === ENTRY)!;
  const initial = new Set([entryChunk]);
  for (const o of initial) for (const i of metafile.outputs[o]!.imports) if (i.kind === 'import-statement' && chunks.has(i.path)) initial.add(i.path);
  const paths: Record<string, BundleSize> = {};
  for (const [name, modules] of Object.entries(options.paths ?? {})) {
    const loaded = new Set(initial);
    for (const module of modules) {
      const chunk = Object.keys(metafile.outputs).find((o) => metafile.outputs[o]!.entryPoint === module);
      if (chunk === undefined) throw new Error(`${entry}, path "${name}": ${module} is not a lazily imported chunk of the bundle`);
      loaded.add(chunk);
    }
    for (const o of loaded) for (const i of metafile.outputs[o]!.imports) if (i.kind === 'import-statement' && chunks.has(i.path)) loaded.add(i.path);
    paths[name] = sizeOf(loaded);
  }
  const inputs = Object.keys(metafile.inputs).filter((p) => p !== ENTRY);
  const problems: BundleProblem[] = [];
  for (const { spec, importer } of builtins) {
    const from = importer === '' || importer === ENTRY ? ENTRY : relative(REPO_ROOT, importer).split(sep).join('/');
    problems.push({ kind: 'node-builtin', module: spec, chain: [...chainTo(metafile, metafile.inputs[from] === undefined ? ENTRY : from), spec] });
  }
  // issuer code is reported where it enters the bundle: the issuer modules imported from outside it
  for (const path of inputs) {
    if (!isIssuerModule(path)) continue;
    const chain = chainTo(metafile, path);
    const importer = chain[chain.length - 2];
    if (importer === undefined || !isIssuerModule(importer)) problems.push({ kind: 'issuer', module: path, chain });
  }
  const bytesInOutput: Record<string, number> = {};
  const initialBytesInOutput: Record<string, number> = {};
  for (const [name, output] of Object.entries(metafile.outputs)) {
    for (const [path, { bytesInOutput: n }] of Object.entries(output.inputs)) {
      if (path === ENTRY) continue;
      bytesInOutput[path] = (bytesInOutput[path] ?? 0) + n;
      if (initial.has(name)) initialBytesInOutput[path] = (initialBytesInOutput[path] ?? 0) + n;
    }
  }
  return { entry, ...sizeOf(chunks.keys()), initial: sizeOf(initial), paths, inputs: inputs.sort(), bytesInOutput, initialBytesInOutput, problems };
}

/** One line per problem: what was pulled in, and through which imports. */
export function describeProblem(entry: string, p: BundleProblem): string {
  const what = p.kind === 'node-builtin' ? `the Node built-in "${p.module}"` : `issuer code (${p.module})`;
  return `${entry} pulls in ${what}\n    import chain: ${p.chain.map((m) => (m === ENTRY ? entry : m)).join(' → ')}`;
}
