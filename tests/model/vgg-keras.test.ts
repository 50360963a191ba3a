/** `--vgg` accepts the public TF.js export of Keras VGG19 (a generated stand-in here), reading only the conv layers it needs. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVggFloats } from '../../src/training/vgg';
import { trainTinyModel } from '../helpers/cli';
import { writeKerasVggStandIn } from '../helpers/keras-vgg';
import { tempDir } from '../helpers/models';

describe('VGG-19 from a Keras TF.js export', () => {
  it('reads every needed layer exactly, across shard boundaries and through the name prefix', () => {
    const standIn = writeKerasVggStandIn(path.join(tempDir('bw-keras-'), 'vgg'), { shardBytes: 1_000_003 });
    const read = readVggFloats(standIn.dir);
    expect([...read.keys()]).toEqual([
      'block1_conv1',
      'block1_conv2',
      'block2_conv1',
      'block2_conv2',
      'block3_conv1',
      'block3_conv2',
      'block3_conv3',
    ]);
    for (const [name, got] of read) {
      const want = standIn.floats.get(name);
      if (!want) throw new Error(`${name} was not written`);
      expect(got.kernel.length, name).toBe(want.kernel.length);
      expect(
        Buffer.compare(Buffer.from(got.kernel.buffer, got.kernel.byteOffset, got.kernel.byteLength), Buffer.from(want.kernel.buffer)),
        name,
      ).toBe(0);
      expect([...got.bias]).toEqual([...want.bias]);
    }
  });

  it('dequantizes uint8-quantized weights', () => {
    const standIn = writeKerasVggStandIn(path.join(tempDir('bw-keras-q-'), 'vgg'), { quantizeFirst: true });
    const got = readVggFloats(standIn.dir).get('block1_conv1')?.kernel as Float32Array;
    const want = standIn.floats.get('block1_conv1')?.kernel as Float32Array;
    expect(Math.max(...got.map((x, i) => Math.abs(x - (want[i] as number))))).toBeLessThan(1e-6);
  });

  it('names the layer and both shapes when a shape is wrong', () => {
    const standIn = writeKerasVggStandIn(path.join(tempDir('bw-keras-bad-'), 'vgg'), {
      shapeOf: (name, shape) => (name === 'block2_conv1' ? [3, 3, 64, 64] : shape),
    });
    expect(() => readVggFloats(standIn.dir)).toThrow(/block2_conv1 kernel \[3,3,64,128\] and bias \[128\], found \[3,3,64,64\]/);
  });

  it('brushwork train --vgg <Keras export> trains and exports a model', () => {
    const work = tempDir('bw-keras-train-');
    const standIn = writeKerasVggStandIn(path.join(work, 'vgg'));
    const out = path.join(work, 'model');
    const r = trainTinyModel('udnie', out, path.join(work, 'run'), ['--vgg', standIn.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(out, 'model.json'))).toBe(true);
  }, 240_000);
});
