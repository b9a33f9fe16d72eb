import { MemoryIssuerStore } from '@elicense/issuer';
import { runIssuerStoreConformance } from './store-conformance.js';

runIssuerStoreConformance('MemoryIssuerStore', async () => ({ store: new MemoryIssuerStore() }));
