/**
 * A `.brushwork` file: one model in one file, for sharing. JSON (readable,
 * diff-able, 17,196 bytes for the shipped network) holding the model.json object and
 * the weights in base64, each with its SHA-256 so a damaged or edited file is
 * refused before anything decodes it:
 *
 *   { "format": "brushwork-pack", "version": 1,
 *     "model": { …model.json… }, "modelSha256": "…",
 *     "weights": { "file": "weights.bin", "bytes": 12168, "sha256": "…", "base64": "…" } }
 *
 * Pure (Web Crypto, atob/btoa): the CLI, the settings page and tests share it.
 * What the model itself may be (size, work per pixel, finite weights, known
 * architecture) is decodeModel's to check, after this.
 */
import { sha256Hex } from '../shared/digest';
import { MANIFEST_FILE, ModelFileError, parseManifestText } from './format';

export const PACK_FORMAT = 'brushwork-pack';
export const PACK_VERSION = 1;
export const PACK_EXTENSION = '.brushwork';
/** The shipped network packs to 17,196 bytes; the model caps allow ~2 MB of weights, which base64 makes ~2.7 MB. */
export const MAX_PACK_BYTES = 3 * 1024 * 1024;

export interface UnpackedModel {
  manifestText: string;
  weightsFile: string;
  weights: Uint8Array;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, file: string): Uint8Array {
  try {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    throw new ModelFileError(file, 'weights in base64', 'characters that are not base64');
  }
}

/** The manifest is re-serialized compactly, so the pack's checksum is of exactly the text it holds. */
export async function packModel(manifestText: string, weightsFile: string, weights: Uint8Array): Promise<string> {
  const model = parseManifestText(manifestText) as Record<string, unknown>;
  const canonical = JSON.stringify(model);
  return `${JSON.stringify({
    format: PACK_FORMAT,
    version: PACK_VERSION,
    model,
    modelSha256: await sha256Hex(new TextEncoder().encode(canonical)),
    weights: { file: weightsFile, bytes: weights.length, sha256: await sha256Hex(weights), base64: toBase64(weights) },
  })}\n`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export async function unpackModel(bytes: Uint8Array, file = `model${PACK_EXTENSION}`): Promise<UnpackedModel> {
  if (bytes.length > MAX_PACK_BYTES)
    throw new ModelFileError(file, `a ${PACK_EXTENSION} file of at most ${MAX_PACK_BYTES} bytes`, `${bytes.length} bytes`);
  let pack: unknown;
  try {
    pack = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ModelFileError(file, `a ${PACK_EXTENSION} file (JSON)`, 'something that is not JSON');
  }
  if (!isObject(pack) || pack.format !== PACK_FORMAT)
    throw new ModelFileError(
      file,
      `a ${PACK_EXTENSION} file ("format": "${PACK_FORMAT}")`,
      isObject(pack) ? `format ${JSON.stringify(pack.format)}` : 'another JSON value',
    );
  if (pack.version !== PACK_VERSION)
    throw new ModelFileError(file, `pack version ${PACK_VERSION}`, `version ${JSON.stringify(pack.version)}`);
  const w = pack.weights;
  if (!isObject(pack.model) || !isObject(w) || typeof w.base64 !== 'string' || typeof w.sha256 !== 'string' || typeof w.file !== 'string')
    throw new ModelFileError(file, 'a model and its weights (file, sha256, base64)', 'a pack missing one of them');
  const manifestText = JSON.stringify(pack.model);
  if ((await sha256Hex(new TextEncoder().encode(manifestText))) !== pack.modelSha256)
    throw new ModelFileError(file, `${MANIFEST_FILE} matching its SHA-256`, 'a different checksum (the file was damaged or edited)');
  const weights = fromBase64(w.base64, file);
  if (w.bytes !== weights.length) throw new ModelFileError(file, `${String(w.bytes)} bytes of weights`, `${weights.length} bytes`);
  if ((await sha256Hex(weights)) !== w.sha256)
    throw new ModelFileError(file, 'weights matching their SHA-256', 'a different checksum (the file was damaged or edited)');
  if (!/^[\w.-]{1,64}$/.test(w.file)) throw new ModelFileError(file, 'a plain weights file name', JSON.stringify(w.file));
  return { manifestText, weightsFile: w.file, weights };
}
