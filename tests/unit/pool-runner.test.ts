/**
 * The pool runner keeps a style's load once every worker answered (#21): every job asks for its style
 * first, and asking the workers again queued the ask behind the other worker's picture.
 */
import { describe, expect, it } from 'vitest';
import type { EnginePool } from '../../src/runtime/browser/engine-pool';
import { poolRunner } from '../../src/runtime/browser/runner';

function fakePool(failFirst = false) {
  const asked: string[] = [];
  const pool = {
    info: { backend: 'wasm', threads: 2 },
    size: 2,
    load: async (id: string) => {
      asked.push(id);
      if (failFirst && asked.length === 1) throw new Error('the style file could not be read');
    },
    run: async (_id: string, image: unknown) => image,
    memory: () => ({ numTensors: 0, wasmBytes: 0 }),
    terminate: () => undefined,
  };
  return { pool: pool as unknown as EnginePool, asked };
}

describe('poolRunner', () => {
  it('asks the workers for a style once, however many jobs ask for it', async () => {
    const { pool, asked } = fakePool();
    const runner = poolRunner(pool);
    await Promise.all([runner.load('starry-night'), runner.load('starry-night')]);
    await runner.load('starry-night');
    await runner.load('udnie');
    expect(asked).toEqual(['starry-night', 'udnie']);
    expect(runner.loadedStyles()).toEqual(['starry-night', 'udnie']);
  });

  it('asks again after a load failed, and does not count the failed style as loaded', async () => {
    const { pool, asked } = fakePool(true);
    const runner = poolRunner(pool);
    await expect(runner.load('udnie')).rejects.toThrow('could not be read');
    expect(runner.loadedStyles()).toEqual([]);
    await runner.load('udnie');
    expect(asked).toEqual(['udnie', 'udnie']);
    expect(runner.loadedStyles()).toEqual(['udnie']);
  });
});
