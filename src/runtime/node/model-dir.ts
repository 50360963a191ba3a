/** Reads and writes model folders on disk (CLI and training). */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DecodedModel, decodeModel, MANIFEST_FILE, ModelFileError, parseManifestText, validateManifest } from '../../model/format';
import { MAX_PACK_BYTES, PACK_EXTENSION, unpackModel } from '../../model/pack';

/** Upper bound on what we read, so a wrong path to a huge file fails fast instead of exhausting memory. */
const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

function readBounded(file: string, what: string): Buffer {
  if (!existsSync(file)) throw new ModelFileError(file, what, 'no such file');
  const st = statSync(file);
  if (!st.isFile()) throw new ModelFileError(file, what, 'a directory or special file');
  if (st.size > MAX_MODEL_FILE_BYTES)
    throw new ModelFileError(file, `${what} of at most ${MAX_MODEL_FILE_BYTES} bytes`, `${st.size} bytes`);
  return readFileSync(file);
}

export function readModelDir(dir: string): DecodedModel {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new ModelFileError(dir, 'a model folder holding model.json and weights.bin', 'a file');
  const manifestValue = parseManifestText(readBounded(manifestPath, 'a Brushwork model.json').toString('utf8'), manifestPath);
  const manifest = validateManifest(manifestValue, manifestPath);
  const weightsPath = path.join(dir, manifest.weights.file);
  const bin = readBounded(weightsPath, 'the weights file named in model.json');
  return decodeModel(manifestValue, new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength), {
    manifest: manifestPath,
    weights: weightsPath,
  });
}

export function writeModelDir(dir: string, manifestJson: string, bin: Uint8Array, weightsFile: string): number {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MANIFEST_FILE), manifestJson);
  writeFileSync(path.join(dir, weightsFile), bin);
  return Buffer.byteLength(manifestJson) + bin.length;
}

/** The ids of the styles under `shippedRoot` (public/models), sorted. */
export function shippedStyleIds(shippedRoot: string): string[] {
  if (!existsSync(shippedRoot)) return [];
  return readdirSync(shippedRoot)
    .filter((id) => existsSync(path.join(shippedRoot, id, MANIFEST_FILE)))
    .sort();
}

/**
 * `--model` takes a folder, its model.json, or the id of a shipped style under public/models; a wrong id
 * lists the right ones. Returns the folder.
 */
export function resolveModelDir(modelArg: string, shippedRoot: string): string {
  if (existsSync(modelArg))
    return path.basename(modelArg) === MANIFEST_FILE && statSync(modelArg).isFile() ? path.dirname(modelArg) : modelArg;
  if (/^[a-z0-9-]+$/.test(modelArg)) {
    const shipped = path.join(shippedRoot, modelArg);
    if (existsSync(shipped)) return shipped;
  }
  const ids = shippedStyleIds(shippedRoot);
  throw new ModelFileError(
    modelArg,
    `a ${PACK_EXTENSION} file, a model folder, its ${MANIFEST_FILE} or one of the shipped styles (${ids.join(', ')})`,
    'none of them',
  );
}

const isPackFile = (arg: string) => arg.toLowerCase().endsWith(PACK_EXTENSION) && existsSync(arg) && statSync(arg).isFile();

/** The one model argument (a `.brushwork` file, a folder, its model.json or a shipped style id) as an absolute path: a `.brushwork` file or a folder. */
export function resolveModelArg(arg: string, shippedRoot: string): string {
  return path.resolve(isPackFile(arg) ? arg : resolveModelDir(arg, shippedRoot));
}

/** A model from a `.brushwork` file, checked (checksums, then the model caps) like an imported one. */
export async function readPackFile(file: string): Promise<{ decoded: DecodedModel; bytes: number }> {
  const buf = readBounded(file, `a ${PACK_EXTENSION} file`);
  if (buf.length > MAX_PACK_BYTES)
    throw new ModelFileError(file, `a ${PACK_EXTENSION} file of at most ${MAX_PACK_BYTES} bytes`, `${buf.length} bytes`);
  const { manifestText, weights } = await unpackModel(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file);
  const decoded = decodeModel(parseManifestText(manifestText, file), weights, { manifest: file, weights: file });
  return { decoded, bytes: buf.length };
}

/** `--model` as the CLI takes it: a `.brushwork` file, a model folder, its model.json, or a shipped style id (none when `shippedRoot` is ''). */
export async function readModelArg(arg: string, shippedRoot = ''): Promise<{ decoded: DecodedModel; source: string; bytes: number }> {
  if (isPackFile(arg)) {
    const { decoded, bytes } = await readPackFile(arg);
    return { decoded, source: arg, bytes };
  }
  const dir = resolveModelDir(arg, shippedRoot);
  const decoded = readModelDir(dir);
  const bytes = statSync(path.join(dir, MANIFEST_FILE)).size + statSync(path.join(dir, decoded.manifest.weights.file)).size;
  return { decoded, source: dir, bytes };
}
