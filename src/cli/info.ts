import { statSync } from 'node:fs';
import path from 'node:path';
import { describeArch, macsPerPixel, paramCount } from '../model/architecture';
import { MANIFEST_FILE } from '../model/format';
import { readModelDir, resolveModelDir } from '../runtime/node/model-dir';
import { parse } from './args';
import { UsageError } from './errors';
import { SHIPPED_MODELS } from './paths';

export async function infoCommand(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {}, true);
  if (positionals.length !== 1) throw new UsageError(`expected one model folder, found ${positionals.length}`);
  const dir = resolveModelDir(positionals[0] as string, SHIPPED_MODELS);
  const { manifest } = readModelDir(dir);
  const bytes = statSync(path.join(dir, MANIFEST_FILE)).size + statSync(path.join(dir, manifest.weights.file)).size;
  const out = {
    dir,
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
