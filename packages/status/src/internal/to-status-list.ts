import { invalidArgument } from '@elicense/core';
import { StatusList } from '../status-list.js';
import type { StatusBits } from '../status-type.js';
import { checkBits } from './checks.js';

/** A {@link StatusList} from a list, or from an array of status values (`bits` wide, default 1). */
export function toStatusList(list: StatusList | ArrayLike<number>, bits: unknown, bitsName: string): StatusList {
  if (list instanceof StatusList) {
    if (bits !== undefined && bits !== list.bits) throw invalidArgument(bitsName, `undefined or ${list.bits} (the list's bits)`, bits);
    return list;
  }
  const width: StatusBits = bits === undefined ? 1 : checkBits(bits, bitsName);
  if (typeof list !== 'object' || list === null || typeof (list as ArrayLike<number>).length !== 'number') {
    throw invalidArgument('list', 'a StatusList or an array of status values', list);
  }
  const n = list.length;
  if (!Number.isSafeInteger(n) || n <= 0) throw invalidArgument('list', 'a non-empty array of status values', list);
  const out = new StatusList(n, width);
  const max = (1 << width) - 1;
  for (let i = 0; i < n; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw invalidArgument(`list[${i}]`, `an integer in [0, ${max}]`, v);
    if (v !== 0) out.set(i, v);
  }
  return out;
}
