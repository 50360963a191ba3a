import { ARCH_KINDS, type ArchKind, type ArchSpec, describeArch, FAST_ARCH, macsPerPixel, paramCount } from '../model/architecture';
import { weightsByteLength } from '../model/format';
import { numberArg, parse } from './args';
import { UsageError } from './errors';
import { ARCH_SPECS, parseOptionsOf } from './specs';

export function archKindArg(value: unknown): ArchKind | undefined {
  if (value === undefined) return undefined;
  if (!ARCH_KINDS.includes(value as ArchKind))
    throw new UsageError(`--arch: expected ${ARCH_KINDS.join(' or ')}, found ${JSON.stringify(value)}`);
  return value as ArchKind;
}

/**
 * --arch picks the kind (else `defaultKind`: johnson for `arch`, the shipped shuffle for `train`);
 * --alpha/--blocks/--small override that kind's defaults ("shuffle" defaults to FAST_ARCH).
 */
export function archFromArgs(values: Record<string, unknown>, johnsonFallback: ArchSpec, defaultKind: ArchKind = 'johnson'): ArchSpec {
  const kind = archKindArg(values.arch) ?? defaultKind;
  const fallback = kind === 'shuffle' ? FAST_ARCH : johnsonFallback;
  return {
    kind,
    alpha: numberArg('alpha', values.alpha, fallback.alpha, 0.01, 4),
    blocks: numberArg('blocks', values.blocks, fallback.blocks, 0, 16, true),
    small: values.small === undefined ? fallback.small : Boolean(values.small),
  };
}

export async function archCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, parseOptionsOf(ARCH_SPECS), false);
  const arch = archFromArgs(values, { kind: 'johnson', alpha: 1, blocks: 5, small: false });
  const out = {
    params: paramCount(arch),
    arch,
    description: describeArch(arch),
    weights_bytes: weightsByteLength(arch),
    macs_per_pixel: Math.round(macsPerPixel(arch)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
