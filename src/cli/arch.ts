import { type ArchSpec, describeArch, macsPerPixel, paramCount } from '../model/architecture';
import { weightsByteLength } from '../model/format';
import { numberArg, parse } from './args';

export function archFromArgs(values: Record<string, unknown>, fallback: ArchSpec): ArchSpec {
  return {
    kind: 'johnson',
    alpha: numberArg('alpha', values.alpha, fallback.alpha, 0.01, 4),
    blocks: numberArg('blocks', values.blocks, fallback.blocks, 0, 16, true),
    small: values.small === undefined ? fallback.small : Boolean(values.small),
  };
}

export async function archCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { alpha: { type: 'string' }, blocks: { type: 'string' }, small: { type: 'boolean' } }, false);
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
