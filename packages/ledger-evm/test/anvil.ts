/**
 * A real local EVM node for tests: anvil, from the `@foundry-rs/anvil` npm package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The anvil launcher installed by npm (`node_modules/.bin/anvil`). */
export const ANVIL_BIN = fileURLToPath(new URL('../../../node_modules/.bin/anvil', import.meta.url));

/** anvil's well-known, funded dev accounts #0 and #1 (public test keys; never use them on a real chain). */
export const DEV_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const DEV_ADDRESS_0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
export const DEV_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
export const DEV_ADDRESS_1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

export interface Anvil {
  /** JSON-RPC URL, `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** SIGTERM (anvil writes `--state` on the way out), SIGKILL after 5 s; resolves once anvil has exited. */
  stop(): Promise<void>;
  /** Send `signal` to anvil's process group; resolves once anvil has exited (after writing its state on SIGTERM). */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export interface AnvilOptions {
  /** Listen here (default: a free port). */
  port?: number;
  /** Load the chain from this file if it exists, and save it there on exit. */
  state?: string;
  /** Also save the state every this many seconds (`--state-interval`). */
  stateInterval?: number;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok && typeof ((await res.json()) as { result?: unknown }).result === 'string';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start anvil and wait until it answers JSON-RPC. It runs in its own process group (the npm launcher
 * and the anvil binary it spawns), so `stop` reaches both; "exited" means the binary closed its end of
 * the output pipes, which happens only after it has written its state.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  const args = ['--host', '127.0.0.1', '--port', String(port), '--silent', ...(options.state ? ['--state', options.state] : [])];
  if (options.stateInterval !== undefined) args.push('--state-interval', String(options.stateInterval));
  const child: ChildProcess = spawn(ANVIL_BIN, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 4000) output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => {
      exited = true;
      resolve();
    });
    child.once('error', (e) => {
      output += String(e);
      exited = true;
      resolve();
    });
  });

  const signal = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  const stop = async () => {
    signal('SIGTERM');
    const timedOut = await Promise.race([closed.then(() => false), sleep(5000).then(() => true)]);
    if (timedOut) {
      signal('SIGKILL');
      await Promise.race([closed, sleep(2000)]);
    }
  };

  const kill = async (sig: 'SIGKILL' | 'SIGTERM') => {
    signal(sig);
    await closed;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not start on port ${port}: ${output || 'no output'}`);
    }
    await sleep(25);
  }
  return { url, port, stop, kill };
}
