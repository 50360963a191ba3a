/**
 * Exports a training checkpoint as a model folder (to evaluate or ship a run mid-way).
 *   npx tsx scripts/export-checkpoint.ts <checkpoint.json> <model-dir>
 */
import { loadCheckpoint } from '../src/training/checkpoint';
import { exportModel } from '../src/training/export';

const [checkpoint, out] = process.argv.slice(2);
if (!checkpoint || !out) throw new Error('usage: export-checkpoint.ts <checkpoint.json> <model-dir>');
const c = loadCheckpoint(checkpoint);
const bytes = exportModel({ ...c.config, out }, c.params, {}, { exported_at_step: c.step });
console.log(JSON.stringify({ out, step: c.step, bytes }));
