import { ElicenseError } from '@elicense/core';

/**
 * The version rule of every versioned wallet format (store file, wallet header, backup): a higher
 * integer `version` than `supported` was written by a newer release (`ERR_FORMAT_VERSION_UNSUPPORTED`,
 * checked before anything else is read); any other value but `supported` is damage, reported by `invalid`.
 */
export function checkVersion(version: unknown, supported: number, written: string, invalid: (why: string) => ElicenseError): void {
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > supported) {
    throw new ElicenseError('ERR_FORMAT_VERSION_UNSUPPORTED', `${written} by a newer version (version ${version}; this version reads ${supported})`, {
      details: { version },
    });
  }
  if (version !== supported) throw invalid(`version is not ${supported}`);
}
