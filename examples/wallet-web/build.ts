/**
 * Build the two pages for the browser with esbuild: `src/main-wallet.ts` → `wallet.js`,
 * `src/main-verifier.ts` → `verifier.js` (ESM, bundled, browser export conditions, shared code in a
 * common chunk), next to `index.html`, `verifier.html` and `style.css`. Used by `serve.ts` and by the
 * repository's tests.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const STATIC_FILES = ['index.html', 'verifier.html', 'style.css'];

/** What {@link buildWalletWeb} wrote. */
export interface WalletWebBuild {
  outdir: string;
  /** Every file written, relative to `outdir`. */
  files: string[];
}

/** Build the pages into `outdir` (created when missing). */
export async function buildWalletWeb(outdir: string): Promise<WalletWebBuild> {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { wallet: join(HERE, 'src/main-wallet.ts'), verifier: join(HERE, 'src/main-verifier.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
  });
  for (const f of STATIC_FILES) await copyFile(join(HERE, f), join(outdir, f));
  const bundles = Object.keys(result.metafile.outputs).map((o) => relative(outdir, o));
  return { outdir, files: [...STATIC_FILES, ...bundles].sort() };
}
