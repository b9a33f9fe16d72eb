/**
 * Make sure Debian's Chromium is installed for the browser tests: when `/usr/bin/chromium` is
 * missing, install the `chromium` package with apt-get (as root, as on CI), then check that the
 * binary starts. Fails loudly — the browser tests are never skipped. Playwright's own browser
 * download is never used.
 *
 *   node --import tsx scripts/ensure-chromium.ts
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The Chromium binary the browser tests launch. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for Chromium on these machines: no sandbox (CI runs as root), no GPU, and none of the
 * background connections a closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function run(file: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await exec(file, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 << 20 });
    return `${stdout}${stderr}`;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    const tail = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${tail}`, { cause: e });
  }
}

/** Install Chromium if it is missing; resolves with its path once it answers `--version`. */
export async function ensureChromium(log: (line: string) => void = () => undefined): Promise<string> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.getuid?.() !== 0) {
      throw new Error(`the browser tests need Chromium at ${CHROMIUM_PATH}, and installing it needs root: apt-get install chromium`);
    }
    log(`${CHROMIUM_PATH} is missing: installing Debian's chromium package (apt-get)…`);
    await run('apt-get', ['update']);
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get install chromium left no ${CHROMIUM_PATH}`);
  }
  // Debian's wrapper prints a harmless "unexpected operator" line; the version is what matters
  const out = await run(CHROMIUM_PATH, ['--version']);
  const version = /Chromium \d+[.\d]*/.exec(out)?.[0];
  if (version === undefined) throw new Error(`${CHROMIUM_PATH} --version printed no Chromium version:\n${out}`);
  log(`browser tests run in ${version} (${CHROMIUM_PATH})`);
  return CHROMIUM_PATH;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await ensureChromium((line) => console.log(line));
  } catch (e) {
    console.error(`cannot provide Chromium for the browser tests: ${(e as Error).message}`);
    process.exit(1);
  }
}
