/** The JWT `typ` of a Status List Token. */
export const STATUS_LIST_JWT_TYP = 'statuslist+jwt';

/** The VCDM 2.0 base context. */
export const VCDM_2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** Header `typ` values accepted on a status list credential JWT (absent is accepted too). */
export const CREDENTIAL_JWT_TYPES: readonly string[] = ['jwt', 'vc+jwt', 'application/vc+jwt'];
