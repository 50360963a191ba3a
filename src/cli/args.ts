import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(argv: string[], options: Options, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

export function numberArg(name: string, raw: unknown, fallback: number, min: number, max: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const ok = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(value) && value >= min && value <= max;
  if (!ok || (integer && !Number.isInteger(value)))
    throw new UsageError(`--${name}: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, found "${raw}"`);
  return value;
}

export function stringArg(name: string, raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`--${name} is required`);
  return raw;
}
