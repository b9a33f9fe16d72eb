/** Browser side of the `servedModuleFiles` command (see `test/setup/browser-commands.ts`). */
import { commands } from 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Files of the modules the browser's vite server resolved whose path contains `fragment`. */
    servedModuleFiles(fragment: string): Promise<string[]>;
  }
}

/** Files (absolute paths) of the modules resolved for this browser run whose path contains `fragment`. */
export function servedModuleFiles(fragment: string): Promise<string[]> {
  return commands.servedModuleFiles(fragment);
}
