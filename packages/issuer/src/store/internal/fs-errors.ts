import { ElicenseError } from '@elicense/core';

/** An `ERR_STORE_FAILED` error for a failed file operation, with the system error as `cause`. */
export function storeFailed(message: string, cause: unknown): ElicenseError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ElicenseError('ERR_STORE_FAILED', code === undefined ? message : `${message} (${code})`, { cause });
}

/** An `ERR_STORE_CORRUPT` error naming the file and where. */
export function storeCorrupt(file: string, where: string, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_STORE_CORRUPT', `${file} is damaged ${where}; restore it from a backup`, {
    ...(cause === undefined ? {} : { cause }),
    details: { file },
  });
}
