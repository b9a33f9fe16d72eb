/** Entry point of `index.html`: the citizen's wallet, kept in this browser's IndexedDB. */
import { showFatal } from './dom.js';
import { mountWallet } from './wallet-app.js';

const root = document.getElementById('wallet')!;
await mountWallet(root, { dbName: 'elicense-wallet' }).catch((e: unknown) => showFatal(root, e));
