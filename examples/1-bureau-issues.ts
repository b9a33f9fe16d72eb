/**
 * A licensing bureau issues a driving licence to a citizen's wallet key.
 *
 *   npx tsx examples/1-bureau-issues.ts
 */
import { pathToFileURL } from 'node:url';
import { generateKeyPair, type JWK } from '@elicense/core';
import { Issuer, type IssuedCredential } from '@elicense/issuer';

/** The licence record in the bureau's register (fictional; the numbers pass the national check rules). */
export const drivingLicence = {
  licence_number: '440305199003071236',
  name: '张伟',
  sex: 'male',
  nationality: 'CHN',
  date_of_birth: '1990-03-07',
  address: '广东省深圳市南山区科技园路1号',
  date_of_first_issue: '2010-09-01',
  vehicle_classes: ['C1', 'D'],
  validity_period: { from: '2020-09-01', to: '2030-09-01' },
  issuing_authority: '深圳市公安局交通警察支队',
};

/** Set the bureau up (a fresh did:key with an ES256 key) and issue the licence to `holder`. */
export async function issueDrivingLicence(holder: JWK): Promise<{ bureau: Issuer; issued: IssuedCredential }> {
  const bureau = await Issuer.create({ alg: 'ES256' });
  const issued = await bureau.issue({ type: 'driving_licence', claims: drivingLicence, holder, validUntil: new Date('2030-09-01T00:00:00+08:00') });
  return { bureau, issued };
}

async function main(): Promise<void> {
  // In production the holder key comes from the citizen's wallet app; here we make one.
  const citizen = await generateKeyPair('ES256');
  const { bureau, issued } = await issueDrivingLicence(citizen.publicJwk);
  console.log(`bureau DID:  ${bureau.did}`);
  console.log(`issued:      ${issued.type} ${issued.id} (${issued.format}, vct ${issued.vct})`);
  console.log(`expires:     ${issued.expiresAt === undefined ? 'never' : new Date(issued.expiresAt * 1000).toISOString()}`);
  console.log(`credential:  ${issued.credential.slice(0, 72)}… (${issued.credential.length} bytes)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
