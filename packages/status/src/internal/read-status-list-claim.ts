import { ElicenseError, isJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { decodeStatusList } from '../decode-status-list.js';
import type { StatusList } from '../status-list.js';
import { isStatusBits, isUri } from './checks.js';

/** The `status_list` claim of a Status List Token, checked and decoded. */
export function readStatusListClaim(payload: JsonObject, maxBytes: number | undefined): StatusList {
  const claim = payload.status_list;
  if (claim === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list token has no "status_list" claim');
  if (!isJsonObject(claim)) throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'the "status_list" claim must be a JSON object');
  if (!isStatusBits(claim.bits)) {
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', `status_list.bits must be 1, 2, 4 or 8, got ${JSON.stringify(claim.bits) ?? 'nothing'}`);
  }
  if (typeof claim.lst !== 'string') throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'status_list.lst must be a string');
  if (claim.aggregation_uri !== undefined && !isUri(claim.aggregation_uri)) {
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'status_list.aggregation_uri must be a URI');
  }
  return decodeStatusList(claim.lst, claim.bits, maxBytes === undefined ? {} : { maxBytes });
}
