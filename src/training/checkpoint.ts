/** Checkpoints carry their own config (as nanoGPT's do), so `--resume` needs nothing else to continue exactly. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AdamState } from './adam';
import type { TrainConfig } from './config';

export const CHECKPOINT_FORMAT = 'brushwork-checkpoint';

export interface Checkpoint {
  config: TrainConfig;
  step: number;
  params: Float32Array;
  adam: AdamState;
  rngState: number;
  elapsedMs: number;
  /** Core-milliseconds: each step's wall time × its gradient workers (a run may change --workers when resumed). */
  cpuMs: number;
}

const toB64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromB64 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

export function saveCheckpoint(file: string, c: Checkpoint): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const body = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    config: c.config,
    step: c.step,
    rngState: c.rngState,
    elapsedMs: c.elapsedMs,
    cpuMs: c.cpuMs,
    params: toB64(c.params),
    adam: { t: c.adam.t, m: toB64(c.adam.m), v: toB64(c.adam.v) },
  };
  // Write then rename: a kill mid-write must never leave a half checkpoint.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(body));
  renameSync(tmp, file);
}

export function loadCheckpoint(file: string): Checkpoint {
  if (!existsSync(file)) throw new Error(`${file}: expected a training checkpoint, found no such file`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: expected a checkpoint JSON, found ${(e as Error).message}`);
  }
  if (body.format !== CHECKPOINT_FORMAT || body.version !== 1)
    throw new Error(
      `${file}: expected a ${CHECKPOINT_FORMAT} v1 file, found ${JSON.stringify(body.format)} v${JSON.stringify(body.version)}`,
    );
  const adam = body.adam as { t: number; m: string; v: string };
  return {
    config: body.config as TrainConfig,
    step: body.step as number,
    rngState: body.rngState as number,
    elapsedMs: (body.elapsedMs as number) ?? 0,
    // Checkpoints written before cpuMs existed: their runs used two workers unless the config says otherwise.
    cpuMs: (body.cpuMs as number | undefined) ?? ((body.elapsedMs as number) ?? 0) * ((body.config as TrainConfig).workers ?? 2),
    params: fromB64(body.params as string),
    adam: { t: adam.t, m: fromB64(adam.m), v: fromB64(adam.v) },
  };
}
