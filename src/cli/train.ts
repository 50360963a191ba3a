import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, WEIGHTS_FILE } from '../model/format';
import { type TrainPaths, train, trainPaths } from '../training/trainer';
import { parse } from './args';
import { UsageError } from './errors';
import { ensureWritableDir } from './outputs';
import { COMMANDS, parseOptionsOf } from './specs';
import { trainConfigFromArgs } from './train-config';
import { resumedRun } from './train-resume';

const options = parseOptionsOf(COMMANDS.train?.options ?? {});

const hasModel = (dir: string) => existsSync(path.join(dir, MANIFEST_FILE)) || existsSync(path.join(dir, WEIGHTS_FILE));

/** --out, checked before any step: a folder, writable, and not holding a model unless --force (or this run's own). */
function checkOut(out: string, force: boolean, ownOut?: string): void {
  if (existsSync(out) && hasModel(out) && !force && path.resolve(out) !== ownOut)
    throw new UsageError(`--out ${out} already holds a model; pass --force to replace it, or another --out`);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out: expected a folder for the model, found the file ${out}`);
}

/** A fresh run's --work: one that holds another run is refused, or cleared with --force, so two logs never mix. */
function checkFreshWork(paths: TrainPaths, force: boolean): void {
  const left = [paths.checkpoint, paths.log, paths.measures].filter((f) => existsSync(f));
  if (left.length && !force)
    throw new UsageError(
      `--work ${paths.work} holds another run (${path.basename(left[0] as string)}); pass --resume ${paths.checkpoint} to continue it, --force to start over, or another --work`,
    );
  for (const f of left) rmSync(f);
}

/** The folders a run writes, made and checked for writing before any step. */
function ensureRunDirs(out: string, paths: TrainPaths): void {
  ensureWritableDir('--out', out);
  ensureWritableDir('--work', paths.work);
  ensureWritableDir('--previews', paths.previews);
}

function report(result: Awaited<ReturnType<typeof train>>): number {
  process.stdout.write(
    `${JSON.stringify({ model: result.modelDir, bytes: result.bytes, steps: result.steps, ms_per_step: result.msPerStep, ...result.metrics })}\n`,
  );
  return 0;
}

/** `--resume <checkpoint>` alone: everything else comes from the checkpoint; flags given replace where things are. */
async function resumeCommand(values: Record<string, unknown>): Promise<number> {
  const { checkpoint, stored, config, work } = resumedRun(values);
  checkOut(config.out, values.force === true, stored.out);
  const paths = trainPaths(work);
  if (values.previews) paths.previews = path.resolve(values.previews as string);
  ensureRunDirs(config.out, paths);
  return report(await train(config, paths, { checkpoint, overrides: config }));
}

export async function trainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, false);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (values.resume !== undefined) return resumeCommand(values);
  const config = trainConfigFromArgs(values);
  const force = values.force === true;
  checkOut(config.out, force);
  const paths = trainPaths(path.resolve((values.work as string | undefined) ?? path.join('.brushwork', 'train', config.styleId)));
  if (values.previews) paths.previews = path.resolve(values.previews as string);
  checkFreshWork(paths, force);
  ensureRunDirs(config.out, paths);
  return report(await train(config, paths));
}
