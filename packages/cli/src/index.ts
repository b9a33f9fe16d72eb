/**
 * @module @elicense/cli
 *
 * The `elicense` command: `demo` tells the whole e-licence story offline; `keys`, `issue`, `present` and
 * `verify` work on files, print readable output or `--json`, and exit 0 when verified, 1 when not,
 * 2 on a usage error. `runCli` runs it in-process (tests, embedding).
 */
export { runCli } from './run.js';
export type { CliIo } from './internal/io.js';
