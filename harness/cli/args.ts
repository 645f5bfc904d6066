// Flag parsing for every command (node:util parseArgs), with errors that name the bad flag (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BREAKS, type BreakKind } from '../engines/broken-engines.js';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(
  args: string[],
  options: O,
  usage: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

export function required(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${flag}\n${usage}`);
  return value;
}

/** An integer flag; seeds may be negative or beyond 2^32 (torch.manual_seed takes any int64). */
export function intFlag(value: string | undefined, flag: string, usage: string, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    const bounds = [range.min !== undefined ? `>= ${range.min}` : '', range.max !== undefined ? `<= ${range.max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`${flag} must be an integer${bounds ? ` ${bounds}` : ''}, got '${value}'\n${usage}`);
  }
  return n;
}

/** `--break KIND`: one of the deliberately broken engines (check, replay, explain). */
export function breakFlag(value: string | undefined, usage: string): BreakKind | undefined {
  if (value === undefined) return undefined;
  if (!(BREAKS as readonly string[]).includes(value)) throw new UsageError(`--break must be one of ${BREAKS.join(', ')}, got '${value}'\n${usage}`);
  return value as BreakKind;
}
