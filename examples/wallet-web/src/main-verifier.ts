/**
 * Entry point of `verifier.html`: a hotel front desk that checks guests are adults (or a company's
 * business licence), and next to it the demo issuing desk that stands in for the government.
 */
import { parseJsonObject } from '@elicense/core';
import type { JWK } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { mountDemoIssuingDesk } from './demo-issuing-desk.js';
import { showFatal } from './dom.js';
import { mountVerifier } from './verifier-app.js';

/** The demo issuer's key stays in this browser, so licences issued earlier keep verifying after a reload. */
const DEMO_ISSUER_KEY = 'elicense-demo-issuer-key';

async function demoIssuer(): Promise<Issuer> {
  const saved = localStorage.getItem(DEMO_ISSUER_KEY);
  if (saved !== null) return Issuer.create({ privateJwk: parseJsonObject(saved) as JWK });
  const issuer = await Issuer.create();
  localStorage.setItem(DEMO_ISSUER_KEY, JSON.stringify(issuer.exportPrivateJwk()));
  return issuer;
}

const verifierRoot = document.getElementById('verifier')!;
try {
  const issuer = await demoIssuer();
  mountVerifier(verifierRoot, {
    title: 'Hotel front desk',
    clientId: 'x509_san_dns:hotel.example',
    trustedIssuers: [{ did: issuer.did, types: ['resident_id_card', 'driving_licence', 'business_licence'] }],
  });
  mountDemoIssuingDesk(document.getElementById('desk')!, { issuer });
} catch (e) {
  showFatal(verifierRoot, e);
}
