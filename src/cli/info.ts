import { describeArch, macsPerPixel, paramCount } from '../model/architecture';
import { readModelArg } from '../runtime/node/model-dir';
import { parse } from './args';
import { UsageError } from './errors';
import { SHIPPED_MODELS } from './paths';

export async function infoCommand(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {}, true);
  if (positionals.length !== 1)
    throw new UsageError(`expected one model (.brushwork file, folder or style id), found ${positionals.length}`);
  const { decoded, source, bytes } = await readModelArg(positionals[0] as string, SHIPPED_MODELS);
  const { manifest } = decoded;
  const out = {
    source,
    params: paramCount(manifest.arch),
    bytes,
    arch: manifest.arch,
    architecture: describeArch(manifest.arch),
    macs_per_pixel: Math.round(macsPerPixel(manifest.arch)),
    format_version: manifest.version,
    style: manifest.style,
    metrics: manifest.metrics ?? {},
    training: manifest.training ?? {},
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
