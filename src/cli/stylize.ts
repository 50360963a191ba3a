import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ShuffleKernel } from '../runtime/kernel/shuffle-kernel';
import { type LoadedModel, toLoadedModel } from '../runtime/model';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { OUTPUT_FORMATS, outputFormatOf, readImage, resizeImage, writeImage } from '../runtime/node/image-io';
import { nodeKernel } from '../runtime/node/kernel';
import { readModelArg } from '../runtime/node/model-dir';
import { stylizeImage } from '../runtime/stylize-image';
import type { RgbaImage } from '../shared/image';
import { blend } from '../shared/image';
import { numberArg, parse, stringArg } from './args';
import { UsageError } from './errors';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, parseOptionsOf } from './specs';

export interface StylizeOptions {
  intensity: number;
  /** Stylize at most this many pixels on the long side, then scale back; 0 = the image's own size. */
  maxSide: number;
}

/** Fits (w, h) inside maxSide on the long side, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (!maxSide || long <= maxSide) return { width, height };
  const k = maxSide / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export async function stylizeWithOptions(
  model: LoadedModel,
  img: RgbaImage,
  opts: StylizeOptions,
  kernel: ShuffleKernel | null = null,
): Promise<RgbaImage> {
  const target = fitWithin(img.width, img.height, opts.maxSide);
  const scaled = target.width === img.width && target.height === img.height;
  const small = scaled ? img : await resizeImage(img, target.width, target.height);
  const styled = await stylizeImage(model, small, kernel);
  const full = scaled ? styled : await resizeImage(styled, img.width, img.height);
  return blend(img, full, opts.intensity);
}

/** Where each output goes: one file (its extension picks the format), or `<out dir>/<input name>.png`. */
export function outputPaths(inputs: string[], out: string | undefined, styleId: string): string[] {
  const isDir = out !== undefined && (out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory()));
  if (inputs.length > 1 && out !== undefined && !isDir && outputFormatOf(out))
    throw new UsageError(`--out: with ${inputs.length} inputs, expected a directory, found the file name "${out}"`);
  if (out !== undefined && !isDir && inputs.length === 1 && !outputFormatOf(out))
    throw new UsageError(`--out: expected a file name ending in ${Object.keys(OUTPUT_FORMATS).join(', ')} or a folder, found "${out}"`);
  const name = (input: string) => `${path.parse(input).name}.png`;
  const paths = inputs.map((input) => {
    if (out === undefined) return `${path.parse(input).name}.${styleId}.png`;
    if (isDir || inputs.length > 1) return path.join(out, name(input));
    return out;
  });
  inputs.forEach((input, i) => {
    if (path.resolve(input) === path.resolve(paths[i] as string))
      throw new UsageError(`refusing to overwrite the input ${input}; pass --out`);
  });
  return paths;
}

/** Outputs that exist already: refused before any work unless --force. */
function refuseExisting(paths: string[], force: boolean): void {
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length && !force)
    throw new UsageError(
      `${existing[0]} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ''}; pass --force to overwrite`,
    );
}

export async function stylizeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, parseOptionsOf(COMMANDS.stylize?.options ?? {}), true);
  if (positionals.length === 0) throw new UsageError('expected at least one input image');
  const opts: StylizeOptions = {
    intensity: numberArg('intensity', values.intensity, 1, 0, 1),
    maxSide: numberArg('max-side', values['max-side'], 0, 1, 100_000, true),
  };
  const { decoded } = await readModelArg(stringArg('model', values.model), SHIPPED_MODELS);
  const outs = outputPaths(positionals, values.out as string | undefined, decoded.manifest.style.id);
  for (const input of positionals) if (!existsSync(input)) throw new UsageError(`${input}: no such file`);
  refuseExisting(outs, values.force === true);
  await useNodeWasmBackend();
  const model = toLoadedModel(decoded);
  const kernel = await nodeKernel();
  try {
    for (const [i, input] of positionals.entries()) {
      const img = await readImage(input);
      const started = performance.now();
      const result = await stylizeWithOptions(model, img, opts, kernel);
      const file = outs[i] as string;
      mkdirSync(path.dirname(file), { recursive: true });
      await writeImage(file, result);
      process.stderr.write(`${input} → ${file} (${img.width}×${img.height}, ${Math.round(performance.now() - started)} ms)\n`);
    }
  } finally {
    model.dispose();
  }
  return 0;
}
