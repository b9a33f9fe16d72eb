/** Claims of the SD-JWT VC envelope: never selectively disclosable, visible in every presentation. */
export const ENVELOPE_CLAIMS: ReadonlySet<string> = new Set(['iss', 'vct', 'iat', 'exp', 'nbf', 'status', 'cnf']);

/** Envelope claims a stored credential does not carry as fields: read from its issuer-signed JWT. */
export const JWT_ENVELOPE_CLAIMS: ReadonlySet<string> = new Set(['iat', 'exp', 'nbf', 'status', 'cnf']);
