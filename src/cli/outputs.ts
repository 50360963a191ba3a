/**
 * Every output is checked before the slow part (#31): a run must not train or
 * measure for minutes and then fail to write, or silently replace a file.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

const why = (e: unknown) => ((e as NodeJS.ErrnoException).code ?? (e as Error).message).toString();

/** Makes `dir` (and its parents) and checks that files can be created in it; `flag` names the option in the error. */
export function ensureWritableDir(flag: string, dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${flag}: expected a folder at ${dir}, found a file`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`${flag}: expected to create the folder ${dir}, found ${why(e)}`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`${flag}: expected a folder we may write in, found ${dir} read-only`);
  }
}

/** An output file: not a folder, not there yet unless `force`, and its folder writable. */
export function checkOutputFile(flag: string, file: string, force: boolean): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new UsageError(`${flag}: expected a file name, found the folder ${file}`);
    if (!force) throw new UsageError(`${file} already exists; pass --force to overwrite`);
  }
  ensureWritableDir(flag, path.dirname(path.resolve(file)));
}
