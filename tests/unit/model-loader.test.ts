/**
 * ModelStore (#22 part 5): one load per style however many ask at once, the
 * warm-up run once, a failed load retried on the next ask, and damage named
 * with the file it was found in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelStore } from '../../src/runtime/model-loader';
import { backendReady } from '../helpers/backend';
import { encodedSeededModel } from '../helpers/models';

beforeAll(backendReady);

function files(overrides: Record<string, Uint8Array> = {}) {
  const { manifestJson, bin } = encodedSeededModel(5);
  const served: Record<string, Uint8Array> = {
    'models/s/model.json': new TextEncoder().encode(manifestJson),
    'models/s/weights.bin': bin,
    ...overrides,
  };
  const reads: string[] = [];
  const read = async (p: string) => {
    reads.push(p);
    const body = served[p];
    if (!body) throw new Error(`${p}: expected a packaged file, found HTTP 404`);
    return body;
  };
  return { read, reads, served };
}

describe('ModelStore', () => {
  it('reads each file once for any number of concurrent loads, and warms the model up once', async () => {
    const { read, reads } = files();
    let warmed = 0;
    const store = new ModelStore(read, async () => {
      warmed++;
    });
    const [a, b, c] = await Promise.all([store.load('s'), store.load('s'), store.load('s')]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(reads).toEqual(['models/s/model.json', 'models/s/weights.bin']);
    expect(warmed).toBe(1);
    expect(store.loadedIds).toEqual(['s']);
    a?.dispose();
  });

  it('forgets a failed load, so the next ask tries again', async () => {
    const { read, reads, served } = files();
    const missing = served['models/s/weights.bin'] as Uint8Array;
    delete served['models/s/weights.bin'];
    const store = new ModelStore(read);
    await expect(store.load('s')).rejects.toThrow(/HTTP 404/);
    expect(store.loadedIds).toEqual([]);
    served['models/s/weights.bin'] = missing;
    const model = await store.load('s');
    expect(model.manifest.style.id).toBe('test-style');
    expect(reads.filter((p) => p.endsWith('model.json'))).toHaveLength(2);
    model.dispose();
  });

  it('names the damaged file', async () => {
    const { read } = files({ 'models/s/weights.bin': new Uint8Array(10) });
    await expect(new ModelStore(read).load('s')).rejects.toThrow(/models\/s\/weights\.bin/);
    const { read: badJson } = files({ 'models/s/model.json': new TextEncoder().encode('{nope') });
    await expect(new ModelStore(badJson).load('s')).rejects.toThrow(/models\/s\/model\.json/);
  });
});
