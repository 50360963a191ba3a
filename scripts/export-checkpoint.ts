/**
 * Exports a training checkpoint as a model folder (to evaluate or ship a run mid-way).
 *   npx tsx scripts/export-checkpoint.ts <checkpoint.json> <model-dir> [--evaluate [--limit N]]
 * With --evaluate it measures the weights on the validation photos first (all of them, or the
 * first N) and records the metrics in model.json, as the end of `brushwork train` does.
 */
import { parseArgs } from 'node:util';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { loadCheckpoint } from '../src/training/checkpoint';
import { defaultValPhotosDir } from '../src/training/config';
import { exportModel } from '../src/training/export';
import { listPhotos } from '../src/training/photos';
import { evaluateAndExport } from '../src/training/trainer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { evaluate: { type: 'boolean' }, limit: { type: 'string' }, 'val-photos': { type: 'string' } },
});
const [checkpoint, out] = positionals;
if (!checkpoint || !out) throw new Error('usage: export-checkpoint.ts <checkpoint.json> <model-dir> [--evaluate [--limit N]]');
const c = loadCheckpoint(checkpoint);
const cfg = { ...c.config, out };
if (values.evaluate) {
  await useNodeWasmBackend();
  const photos = listPhotos(values['val-photos'] ?? defaultValPhotosDir());
  const limit = Number(values.limit ?? 0);
  const { bytes, metrics } = await evaluateAndExport(cfg, c, limit ? photos.slice(0, limit) : photos);
  console.log(JSON.stringify({ out, step: c.step, bytes, ...metrics }));
} else {
  const bytes = exportModel(cfg, c.params, {}, { exported_at_step: c.step });
  console.log(JSON.stringify({ out, step: c.step, bytes }));
}
