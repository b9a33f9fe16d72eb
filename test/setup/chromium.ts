/**
 * Vitest global setup of the chromium project: Chromium must be there (installed with apt-get when
 * missing, see `scripts/ensure-chromium.ts`) before the browser is launched. Fails the run otherwise.
 */
import { ensureChromium } from '../../scripts/ensure-chromium.js';

export default async function setup(): Promise<void> {
  await ensureChromium();
}
