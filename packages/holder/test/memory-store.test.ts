import { MemoryCredentialStore } from '@elicense/holder';
import { credentialStoreConformance } from './store-conformance.js';

credentialStoreConformance('MemoryCredentialStore', async () => new MemoryCredentialStore());
