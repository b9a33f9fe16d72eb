import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/ensure-chromium.js';
import { browserCommands } from './test/setup/browser-commands.js';

/**
 * Two projects: `node` runs every suite in Node; `chromium` runs the holder and verifier suites
 * (and every `*.browser.test.ts`) again in headless Chromium, served from 127.0.0.1 (a secure
 * context, so WebCrypto is there). `*.node.test.ts` files run in Node only, `*.browser.test.ts`
 * files in Chromium only.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
          environment: 'node',
          pool: 'forks',
          globalSetup: ['test/setup/postgres.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          include: [
            'packages/holder/test/**/*.test.ts',
            'packages/verifier/test/**/*.test.ts',
            'packages/*/test/**/*.browser.test.ts',
            'test/**/*.browser.test.ts',
            'examples/wallet-web/**/*.browser.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.node.test.ts'],
          globalSetup: ['test/setup/chromium.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            api: { host: '127.0.0.1' },
            commands: browserCommands,
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
