import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../model/format';
import { PACK_EXTENSION, packModel } from '../model/pack';
import { readModelDir, resolveModelDir } from '../runtime/node/model-dir';
import { parse } from './args';
import { UsageError } from './errors';
import { checkOutputFile } from './outputs';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, parseOptionsOf } from './specs';

/** `brushwork pack <model-dir>`: one `.brushwork` file holding the model and its checksums, for sharing and importing. */
export async function packCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, parseOptionsOf(COMMANDS.pack?.options ?? {}), true);
  if (positionals.length !== 1) throw new UsageError(`expected one model folder, found ${positionals.length}`);
  const dir = resolveModelDir(positionals[0] as string, SHIPPED_MODELS);
  const { manifest } = readModelDir(dir); // refuses a model the extension would refuse
  const out = (values.out as string | undefined) ?? `${manifest.style.id}${PACK_EXTENSION}`;
  if (!out.endsWith(PACK_EXTENSION)) throw new UsageError(`--out: expected a file name ending in ${PACK_EXTENSION}, found "${out}"`);
  checkOutputFile('--out', out, values.force === true);
  const manifestText = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
  const weights = new Uint8Array(readFileSync(path.join(dir, manifest.weights.file)));
  const text = await packModel(manifestText, manifest.weights.file, weights);
  writeFileSync(out, text);
  process.stdout.write(`${JSON.stringify({ file: out, bytes: Buffer.byteLength(text), style: manifest.style })}\n`);
  return 0;
}
