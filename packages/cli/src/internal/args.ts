import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ElicenseError } from '@elicense/core';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Parse a subcommand's arguments strictly; unknown flags are a usage error. */
export function parse(argv: string[], options: Options): ParsedArgs {
  try {
    return parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', (cause as Error).message, { cause });
  }
}

/** A required string option. */
export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--${name} is required`);
  return v;
}

/** A list option given as repeated flags and/or comma-separated values. */
export function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return items.flatMap((s: string) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** An optional string option. */
export function optional(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
