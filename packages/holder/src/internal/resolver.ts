import { DidResolver } from '@elicense/did';
import type { WalletContext } from './context.js';

/** The wallet's DID resolver: the one it was given, or a default `DidResolver` made on first use and kept. */
export function resolverOf(ctx: WalletContext): DidResolver {
  ctx.resolver ??= new DidResolver();
  return ctx.resolver;
}
