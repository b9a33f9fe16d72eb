/**
 * Test helpers around a JSON-RPC node: raw calls (anvil's test methods) and a proxy that can stop
 * answering or lose the answer to a sent transaction.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One raw JSON-RPC call; throws on a JSON-RPC error. */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** `pass` forwards; `hang` never answers; `lose-send` forwards `eth_sendRawTransaction` but drops its answer. */
export type ProxyMode = 'pass' | 'hang' | 'lose-send';

export interface RpcProxy {
  url: string;
  mode: ProxyMode;
  /** How many `eth_sendRawTransaction` requests reached the node. */
  readonly sent: number;
  /** Run `onSend` with the node's answer to the next `eth_sendRawTransaction`, then drop the connection. */
  trapNextSend(onSend: (answer: string) => Promise<void>): void;
  close(): Promise<void>;
}

/** An HTTP JSON-RPC proxy in front of `target`. */
export async function startProxy(target: string): Promise<RpcProxy> {
  const state = { mode: 'pass' as ProxyMode, sent: 0, trap: undefined as ((answer: string) => Promise<void>) | undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (state.mode === 'hang') return; // keep the socket open, answer nothing
        const body = Buffer.concat(chunks).toString();
        const isSend = body.includes('"eth_sendRawTransaction"');
        if (isSend) state.sent++;
        const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await upstream.text();
        const trap = isSend ? state.trap : undefined;
        if (trap !== undefined) {
          state.trap = undefined;
          await trap(text);
          res.destroy();
          return;
        }
        if (isSend && state.mode === 'lose-send') {
          res.destroy(); // the node has the transaction; the client never learns its hash
          return;
        }
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: ProxyMode) {
      state.mode = m;
    },
    get sent() {
      return state.sent;
    },
    trapNextSend(onSend) {
      state.trap = onSend;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
