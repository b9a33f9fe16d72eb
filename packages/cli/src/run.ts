import { ElicenseError } from '@elicense/core';
import { accreditCommand, accreditUsage } from './commands/accredit.js';
import { bundleCommand, bundleUsage } from './commands/bundle.js';
import { demoCommand, demoUsage } from './commands/demo.js';
import { issueCommand, issueUsage } from './commands/issue.js';
import { keysCommand, keysUsage } from './commands/keys.js';
import { presentCommand, presentUsage } from './commands/present.js';
import { publishCommand, publishUsage, reinstateCommand, revokeCommand, revokeUsage, suspendCommand, suspendUsage } from './commands/revoke.js';
import { statusCommand, statusUsage } from './commands/status.js';
import { verifyCommand, verifyUsage } from './commands/verify.js';
import type { CliIo } from './internal/io.js';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  demo: demoCommand,
  keys: keysCommand,
  issue: issueCommand,
  present: presentCommand,
  verify: verifyCommand,
  revoke: revokeCommand,
  suspend: suspendCommand,
  reinstate: reinstateCommand,
  publish: publishCommand,
  status: statusCommand,
  accredit: accreditCommand,
  bundle: bundleCommand,
};

const usage = `elicense — government e-licences as SD-JWT verifiable credentials

${demoUsage}

${keysUsage}

${issueUsage}

${presentUsage}

${verifyUsage}

${revokeUsage}

${suspendUsage}

${publishUsage}

${statusUsage}

${accreditUsage}

${bundleUsage}`;

/**
 * Run the `elicense` command with arguments (without `node` and the script name).
 * Resolves to the exit code: 0 success / verified, 1 not verified, 2 usage or input error.
 *
 * @example
 * ```ts
 * const code = await runCli(['verify', 'presentation.txt', '--trust', did, '--nonce', n, '--aud', aud])
 * ```
 */
export async function runCli(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`elicense: unknown command ${JSON.stringify(name)}\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (e instanceof ElicenseError) {
      io.stderr(`elicense ${name}: ${e.code}: ${e.message}`);
      return e.code === 'ERR_INVALID_ARGUMENT' ? 2 : 1;
    }
    throw e;
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
  };
}
