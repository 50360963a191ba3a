import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** `-5`, `-0.5`, `-.5`, `-1e3`: a value, not an option (no option of ours is a digit). */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * parseArgs refuses `--steps -5` as "ambiguous" (the value starts with a dash), so the
 * range check never says what is wrong; joining it as `--steps=-5` lets numberArg answer.
 */
export function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  const takesValue = (token: string) => {
    if (token.startsWith('--')) return options[token.slice(2)]?.type === 'string';
    if (/^-[A-Za-z]$/.test(token)) return Object.values(options).some((o) => o.short === token[1] && o.type === 'string');
    return false;
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (next !== undefined && NEGATIVE_NUMBER.test(next) && takesValue(token)) {
      out.push(`${token}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

/** Levenshtein distance, for did-you-mean. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

/** The closest known name, when it is close enough to be a typo (or the known name starts with what was typed). */
export function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = k.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** parseArgs' errors, as one sentence that names the flag, says what was expected and what arrived. */
function usageErrorOf(e: unknown, options: Options): UsageError {
  const err = e as Error & { code?: string };
  const msg = err.message.split('\n')[0] ?? '';
  const quoted = /'([^']+)'/.exec(msg)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = quoted.replace(/^-+/, '').split('=')[0] as string;
      const guess = closest(name, Object.keys(options));
      return new UsageError(`unknown option ${quoted}${guess ? `: did you mean --${guess}?` : ''}`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted.split(' ')[0] as string;
      if (/does not take an argument/.test(msg)) return new UsageError(`${flag}: expected no value (it is a switch), found one`);
      return new UsageError(`${flag}: expected a value, found none`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument "${quoted}": this command takes options only`);
    default:
      return new UsageError(msg);
  }
}

export function parse(argv: string[], options: Options, allowPositionals: boolean) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (e) {
    throw usageErrorOf(e, options);
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
