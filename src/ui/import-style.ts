/**
 * "Add a style…": a `.brushwork` file, or a model folder's two files
 * (model.json and its weights). Everything is checked before anything runs:
 * the pack's checksums, then the model format's caps (size, weights, work per
 * pixel, finite ranges, known architecture) in decodeModel. No TF.js here: the
 * preview, rendered by the offscreen document, is the first time it runs.
 */
import { decodeModel, MANIFEST_FILE, ModelFileError, type ModelManifest, parseManifestText } from '../model/format';
import { MAX_PACK_BYTES, PACK_EXTENSION, type UnpackedModel, unpackModel } from '../model/pack';

export interface ImportCandidate extends UnpackedModel {
  manifest: ModelManifest;
  bytes: number;
}

/** A file as the picker gives it (File in the browser; a stand-in in tests). */
export interface PickedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function readBounded(file: PickedFile): Promise<Uint8Array> {
  // Refused by its size before a byte is read: a picked 4 GB video must not be loaded to be refused.
  if (file.size > MAX_PACK_BYTES)
    throw new ModelFileError(file.name, `a model file of at most ${MAX_PACK_BYTES} bytes`, `${file.size} bytes`);
  return new Uint8Array(await file.arrayBuffer());
}

async function unpackPicked(files: readonly PickedFile[]): Promise<UnpackedModel> {
  const pack = files.find((f) => f.name.toLowerCase().endsWith(PACK_EXTENSION));
  if (pack && files.length === 1) return unpackModel(await readBounded(pack), pack.name);
  const manifestFile = files.find((f) => f.name === MANIFEST_FILE);
  const weightsFile = files.find((f) => f !== manifestFile);
  if (files.length !== 2 || !manifestFile || !weightsFile)
    throw new ModelFileError(
      files.map((f) => f.name).join(', ') || 'nothing',
      `one ${PACK_EXTENSION} file, or a model folder's ${MANIFEST_FILE} and its weights file`,
      `${files.length} file${files.length === 1 ? '' : 's'}`,
    );
  const manifestText = new TextDecoder().decode(await readBounded(manifestFile));
  return { manifestText, weightsFile: weightsFile.name, weights: await readBounded(weightsFile) };
}

/** The model in `files`, validated; throws a ModelFileError naming what is wrong. */
export async function readImport(files: readonly PickedFile[]): Promise<ImportCandidate> {
  const unpacked = await unpackPicked(files);
  const manifestValue = parseManifestText(unpacked.manifestText);
  const { manifest } = decodeModel(manifestValue, unpacked.weights, { manifest: MANIFEST_FILE, weights: unpacked.weightsFile });
  if (manifest.weights.file !== unpacked.weightsFile)
    throw new ModelFileError(unpacked.weightsFile, `the weights file model.json names (${manifest.weights.file})`, unpacked.weightsFile);
  return { ...unpacked, manifest, bytes: unpacked.manifestText.length + unpacked.weights.length };
}
