import { ElicenseError } from '@elicense/core';

/** The fields of viem's errors this module reads (checked by name, so no viem error class is imported). */
interface ViemErrorLike {
  name?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  reason?: unknown;
  data?: { errorName?: unknown; args?: readonly unknown[] };
  cause?: unknown;
}

/** The error and its causes, outermost first. */
function causes(e: unknown): ViemErrorLike[] {
  const out: ViemErrorLike[] = [];
  let cur: unknown = e;
  while (typeof cur === 'object' && cur !== null && out.length < 16) {
    out.push(cur as ViemErrorLike);
    cur = (cur as ViemErrorLike).cause;
  }
  return out;
}

/** A JSON-safe copy of a decoded revert argument. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

/** viem's one-line summary of an error, or its message. */
export function shortMessage(e: unknown): string {
  const x = e as ViemErrorLike | undefined;
  if (typeof x?.shortMessage === 'string') return x.shortMessage;
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

/** Whether `e` or one of its causes is a viem error of one of these names. */
export function hasCause(e: unknown, ...names: string[]): boolean {
  return causes(e).some((x) => typeof x.name === 'string' && names.includes(x.name));
}

/**
 * Translate a failure of a JSON-RPC call into an `ElicenseError`: `VersionNotIncreasing` →
 * `ERR_LEDGER_CONFLICT`, any other revert → `ERR_LEDGER_REVERTED` (reason in `details`), everything
 * else (connection refused, timeout, RPC error) → `ERR_LEDGER_UNAVAILABLE`. The viem error is the `cause`.
 */
export function toLedgerError(e: unknown, action: string, endpoint: string): ElicenseError {
  if (e instanceof ElicenseError) return e;
  const chain = causes(e);
  const reverted = chain.find((x) => x.name === 'ContractFunctionRevertedError');
  if (reverted !== undefined) {
    const errorName = typeof reverted.data?.errorName === 'string' ? reverted.data.errorName : undefined;
    const args = (reverted.data?.args ?? []).map(plain);
    if (errorName === 'VersionNotIncreasing') {
      return new ElicenseError('ERR_LEDGER_CONFLICT', `${action}: the contract refused a version not greater than the latest anchored one (${String(args[0])})`, {
        cause: e,
        details: { reason: errorName, latest: args[0] },
      });
    }
    const reason = errorName ?? (typeof reverted.reason === 'string' ? reverted.reason : 'unknown revert reason');
    return new ElicenseError('ERR_LEDGER_REVERTED', `${action}: the contract reverted with ${reason}${args.length > 0 ? `(${args.join(', ')})` : ''}`, {
      cause: e,
      details: { reason, args },
    });
  }
  const executionReverted = chain.find((x) => x.name === 'ExecutionRevertedError');
  if (executionReverted !== undefined) {
    const reason = typeof executionReverted.details === 'string' ? executionReverted.details : 'execution reverted';
    return new ElicenseError('ERR_LEDGER_REVERTED', `${action}: the transaction reverted (${reason})`, { cause: e, details: { reason } });
  }
  const reason = shortMessage(e);
  return new ElicenseError('ERR_LEDGER_UNAVAILABLE', `${action}: the EVM node at ${endpoint} failed to answer (${reason})`, {
    cause: e,
    details: { endpoint, reason },
  });
}
