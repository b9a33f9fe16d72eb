import { createSigner, generateKeyPair } from '@elicense/core';
import { IndexPermutation, MIN_STATUS_LIST_SIZE, StatusList, StatusType, createStatusListToken, generatePermutationKey, verifyStatusListToken } from '@elicense/status';

const issuer = await generateKeyPair('ES256');
const signingKey = { alg: 'ES256' as const, sign: createSigner(issuer.privateKey, 'ES256') };
const list = new StatusList(MIN_STATUS_LIST_SIZE, 2); // VALID, INVALID, SUSPENDED
const idx = new IndexPermutation(generatePermutationKey(), list.size).indexAt(0); // first credential, unguessable index
list.set(idx, StatusType.SUSPENDED);
const now = Math.floor(Date.now() / 1000);
const uri = 'https://gov.example/status/1';
const token = await createStatusListToken({ uri, list, signingKey, iat: now, exp: now + 86_400, ttl: 3_600 });
const { list: verified } = await verifyStatusListToken(token, { key: issuer.publicJwk, uri });
console.log(verified.get(idx) === StatusType.SUSPENDED, `${token.length} characters for ${verified.size} entries`);
