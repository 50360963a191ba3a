import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DecodedModel } from '../model/format';
import { encodeImage, OUTPUT_FORMATS, outputFormatOf, readImage, resizeImage } from '../runtime/node/image-io';
import { readModelArg } from '../runtime/node/model-dir';
import { nodePainter } from '../runtime/node/painter';
import type { RgbaImage } from '../shared/image';
import { blend } from '../shared/image';
import { numberArg, parse, stringArg } from './args';
import { EXIT, oneLine, UsageError } from './errors';
import { ensureWritableDir } from './outputs';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, DEFAULT_MAX_SIDE, parseOptionsOf } from './specs';

export interface StylizeOptions {
  intensity: number;
  /** Stylize at most this many pixels on the long side, then scale back; 0 = the image's own size. */
  maxSide: number;
  /** Only the painting's light and texture; the photo's colours (the extension's keep-colours). */
  keepColours?: boolean;
}

/** Fits (w, h) inside maxSide on the long side, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (!maxSide || long <= maxSide) return { width, height };
  const k = maxSide / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** Paints `img` at most `opts.maxSide` on its long side with `paint` (a Painter's), back at full size, blended as asked. */
export async function stylizeWithOptions(
  paint: (img: RgbaImage) => Promise<RgbaImage>,
  img: RgbaImage,
  opts: StylizeOptions,
): Promise<RgbaImage> {
  const target = fitWithin(img.width, img.height, opts.maxSide);
  const scaled = target.width === img.width && target.height === img.height;
  const small = scaled ? img : await resizeImage(img, target.width, target.height);
  const styled = await paint(small);
  const full = scaled ? styled : await resizeImage(styled, img.width, img.height);
  // Full strength keeps the stylized pixels as they are (their alpha is the original's): no blend pass to pay.
  if (opts.intensity >= 1 && !opts.keepColours) return full;
  return blend(img, full, opts.intensity, { keepColours: opts.keepColours === true });
}

/** `-` as the input reads stdin; as --out, writes PNG to stdout. */
export const STDIO = '-';

/** `dir/name.ext` → `dir/name-2.ext`, `-3`…: the first name not yet taken by an earlier input of the batch. */
function uniqueName(file: string, taken: Set<string>): string {
  const { dir, name, ext } = path.parse(file);
  let candidate = file;
  for (let k = 2; taken.has(path.resolve(candidate)); k++) candidate = path.join(dir, `${name}-${k}${ext}`);
  taken.add(path.resolve(candidate));
  return candidate;
}

/**
 * Where each output goes: one file (its extension picks the format), `<out dir>/<input name>.png`, stdout,
 * or by default beside the input as `<name>.<style>.png`. Two inputs never share an output: the later
 * ones get -2, -3… (a/x.jpg and b/x.jpg into one folder; x.jpg and x.png).
 */
export function outputPaths(inputs: string[], out: string | undefined, styleId: string): string[] {
  if (inputs.includes(STDIO) && inputs.length > 1) throw new UsageError(`- (stdin) must be the only input, found ${inputs.length} inputs`);
  if (out === STDIO && inputs.length > 1) throw new UsageError(`--out -: expected one input for stdout, found ${inputs.length}`);
  if (inputs.includes(STDIO) && process.stdin.isTTY)
    throw new UsageError('- reads a picture from stdin, found a terminal: pipe one in (brushwork stylize - … < photo.jpg)');
  const isDir = out !== undefined && out !== STDIO && (out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory()));
  if (inputs.length > 1 && out !== undefined && !isDir && outputFormatOf(out))
    throw new UsageError(`--out: with ${inputs.length} inputs, expected a directory, found the file name "${out}"`);
  if (out !== undefined && out !== STDIO && !isDir && inputs.length === 1 && !outputFormatOf(out))
    throw new UsageError(`--out: expected a file name ending in ${Object.keys(OUTPUT_FORMATS).join(', ')}, a folder or -, found "${out}"`);
  const taken = new Set<string>();
  const paths = inputs.map((input) => {
    if (input === STDIO && out === undefined) return STDIO;
    if (out === STDIO) return STDIO;
    const { dir, name } = path.parse(input === STDIO ? 'stdin' : input);
    if (out === undefined) return uniqueName(path.join(dir, `${name}.${styleId}.png`), taken);
    if (isDir || inputs.length > 1) return uniqueName(path.join(out, `${name}.png`), taken);
    return out;
  });
  inputs.forEach((input, i) => {
    if (input !== STDIO && path.resolve(input) === path.resolve(paths[i] as string))
      throw new UsageError(`refusing to overwrite the input ${input}; pass --out`);
  });
  return paths;
}

/** Outputs that exist already: refused before any work unless --force or --skip-existing. */
function refuseExisting(paths: string[]): void {
  const existing = paths.filter((p) => p !== STDIO && existsSync(p));
  if (existing.length)
    throw new UsageError(
      `${existing[0]} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ''}; pass --force to overwrite or --skip-existing to leave them`,
    );
}

/** Why an input cannot be read, found before any work; undefined when it looks like a file. */
function inputProblem(input: string): string | undefined {
  if (input === STDIO) return undefined;
  if (!existsSync(input)) return `${input}: expected an image file, found no such file`;
  if (statSync(input).isDirectory())
    return `${input}: expected an image file, found a folder (pass the images in it, e.g. ${path.join(input, '*.jpg')})`;
  return undefined;
}

/** At most this much from stdin: the decoder refuses more than 50 megapixels anyway. */
const MAX_STDIN_BYTES = 256 * 1024 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > MAX_STDIN_BYTES) throw new Error(`stdin: expected at most ${MAX_STDIN_BYTES} bytes of image, found more`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Write, then rename: Ctrl-C mid-write never leaves a truncated picture that --skip-existing would take as done. */
function writeWhole(file: string, bytes: Buffer): void {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  writeFileSync(partial, bytes);
  renameSync(partial, file);
}

interface Job {
  input: string;
  out: string;
}

const report = (line: string) => process.stderr.write(`brushwork stylize: ${line}\n`);

export async function stylizeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, parseOptionsOf(COMMANDS.stylize?.options ?? {}), true);
  if (positionals.length === 0) throw new UsageError('expected at least one input image');
  const force = values.force === true;
  const skip = values['skip-existing'] === true;
  if (force && skip) throw new UsageError('--force and --skip-existing: expected one of them, found both');
  const opts: StylizeOptions = {
    intensity: numberArg('intensity', values.intensity, 1, 0, 1),
    maxSide: numberArg('max-side', values['max-side'], DEFAULT_MAX_SIDE, 0, 100_000, true),
    keepColours: values['keep-colours'] === true,
  };
  const { decoded } = await readModelArg(stringArg('model', values.model), SHIPPED_MODELS);
  const outs = outputPaths(positionals, values.out as string | undefined, decoded.manifest.style.id);
  const jobs: Job[] = positionals.map((input, i) => ({ input, out: outs[i] as string }));
  if (!force && !skip) refuseExisting(outs);
  for (const dir of new Set(outs.filter((o) => o !== STDIO).map((o) => path.dirname(path.resolve(o))))) ensureWritableDir('--out', dir);
  // Bad inputs are reported now and the rest still run; the exit code says something failed (#31).
  let failed = 0;
  const todo = jobs.filter(({ input, out }) => {
    if (skip && out !== STDIO && existsSync(out)) {
      process.stderr.write(`${input}: skipped, ${out} exists (--skip-existing)\n`);
      return false;
    }
    const problem = inputProblem(input);
    if (problem) {
      report(problem);
      failed++;
    }
    return !problem;
  });
  if (todo.length) failed += await runJobs(decoded, todo, opts);
  if (failed) report(`${failed} of ${jobs.length} inputs failed; the others are written`);
  return failed ? EXIT.failure : EXIT.ok;
}

/** Stylizes each job in turn; a failing one is reported and the batch goes on. Returns how many failed. */
async function runJobs(decoded: DecodedModel, jobs: Job[], opts: StylizeOptions): Promise<number> {
  const painter = await nodePainter(decoded);
  let failed = 0;
  try {
    for (const { input, out } of jobs) {
      try {
        const img = input === STDIO ? await readImage('stdin', await readStdin()) : await readImage(input);
        const started = performance.now();
        const result = await stylizeWithOptions(painter.paint, img, opts);
        if (out === STDIO) process.stdout.write(await encodeImage(result, 'png'));
        else writeWhole(out, await encodeImage(result, outputFormatOf(out) ?? 'png'));
        const where = out === STDIO ? 'stdout' : out;
        const painted = fitWithin(img.width, img.height, opts.maxSide);
        const at = painted.width === img.width ? '' : `, painted at ${painted.width}×${painted.height}`;
        process.stderr.write(`${input} → ${where} (${img.width}×${img.height}${at}, ${Math.round(performance.now() - started)} ms)\n`);
      } catch (e) {
        report(oneLine(e));
        failed++;
      }
    }
  } finally {
    painter.dispose();
  }
  return failed;
}
