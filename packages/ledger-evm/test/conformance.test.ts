/**
 * The shared LedgerAdapter conformance suite, on a real local EVM node with a freshly deployed contract.
 */
import { EvmLedger } from '@elicense/ledger-evm';
import { runLedgerConformance } from '../../ledger/test/conformance.js';
import { DEV_KEY_0, startAnvil } from './anvil.js';

runLedgerConformance('EvmLedger (anvil)', async () => {
  const anvil = await startAnvil();
  try {
    const contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
    const ledger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, pollingIntervalMs: 20 });
    return { ledger, cleanup: () => anvil.stop() };
  } catch (e) {
    await anvil.stop();
    throw e;
  }
});
