import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAST_ARCH, JOHNSON_ARCH, paramCount } from '../../src/model/architecture';
import { crc32Hex } from '../../src/model/crc32';
import {
  decodeModel,
  decodeWeights,
  encodeWeights,
  MODEL_FORMAT_VERSION,
  ModelFileError,
  parseManifestText,
  weightsByteLength,
} from '../../src/model/format';
import { readModelDir } from '../../src/runtime/node/model-dir';
import { encodedSeededModel, seededWeights, tempDir, writeSeededModel } from '../helpers/models';

const good = () => {
  const { manifestJson, bin } = encodedSeededModel(1);
  return { manifest: JSON.parse(manifestJson), bin };
};

const expectRejected = (f: () => unknown, pattern: RegExp) => {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as Error).message).toMatch(pattern);
};

/** Smallest and largest value of a tensor. */
function extent(values: Float32Array): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { lo, hi };
}

describe('model format', () => {
  it('fits the seed network (johnson) in 12,168 weight bytes and well under 13,000 bytes in all', () => {
    const { manifestJson, bin } = encodedSeededModel(1);
    expect(bin.length).toBe(weightsByteLength(JOHNSON_ARCH));
    expect(bin.length).toBe(12_168);
    expect(bin.length + manifestJson.length).toBeLessThan(13_000);
  });

  it('stores the fast "shuffle" network (the shipped one) in 11,612 weight bytes, and says which architecture a file holds', () => {
    const { manifestJson, bin } = encodedSeededModel(1, FAST_ARCH);
    expect(bin.length).toBe(weightsByteLength(FAST_ARCH));
    expect(bin.length).toBe(11_612);
    expect(bin.length + manifestJson.length).toBeLessThan(13_000);
    const decoded = decodeModel(JSON.parse(manifestJson), bin);
    expect(decoded.manifest.arch).toEqual(FAST_ARCH);
    const wrong = { ...JSON.parse(manifestJson), arch: JOHNSON_ARCH };
    expect(() => decodeModel(wrong, bin)).toThrow(/johnson α=0.3 blocks=3 small/);
  });

  it('round-trips every weight within its quantization step', () => {
    const { manifest, bin } = good();
    const decoded = decodeModel(manifest, bin);
    const original = seededWeights(1);
    let count = 0;
    for (const [name, values] of original) {
      const back = decoded.weights.get(name) as Float32Array;
      const { lo, hi } = extent(values);
      values.forEach((v, i) => {
        // Kernels have symmetric ranges (version 2): half a step is at most max|v|/255.
        expect(Math.abs((back[i] as number) - v)).toBeLessThanOrEqual(Math.max(hi - lo, 2 * Math.max(-lo, hi)) / 255 / 2 + 1e-3);
      });
      count += values.length;
    }
    expect(count).toBe(paramCount(JOHNSON_ARCH));
  });

  it('still reads version 1 files (asymmetric kernel ranges, 12,372 bytes) to the same weights they were written from', () => {
    const weights = seededWeights(1);
    const v1 = encodeWeights(JOHNSON_ARCH, weights, 1);
    expect(v1.length).toBe(12_372);
    expect(weightsByteLength(JOHNSON_ARCH, 1)).toBe(12_372);
    const { manifest } = good();
    const m = { ...manifest, version: 1, weights: { ...manifest.weights, bytes: v1.length, crc32: crc32Hex(v1) } };
    const back = decodeModel(m, v1).weights;
    for (const [name, values] of weights) {
      const decoded = back.get(name) as Float32Array;
      const { lo, hi } = extent(values);
      values.forEach((v, i) => {
        expect(Math.abs((decoded[i] as number) - v)).toBeLessThanOrEqual((hi - lo) / 255 + 1e-3);
      });
    }
    expect(() => decodeModel({ ...m, version: 2 }, v1)).toThrow(/"weights.bytes" 12168/);
  });

  it('a symmetric kernel range costs the network almost nothing (instance norm follows every conv)', () => {
    const weights = seededWeights(1);
    const v1 = decodeWeights(JOHNSON_ARCH, encodeWeights(JOHNSON_ARCH, weights, 1), 'weights.bin', 1);
    const v2 = decodeWeights(JOHNSON_ARCH, encodeWeights(JOHNSON_ARCH, weights, 2), 'weights.bin', 2);
    let err1 = 0;
    let err2 = 0;
    for (const [name, values] of weights) {
      const a = v1.get(name) as Float32Array;
      const b = v2.get(name) as Float32Array;
      values.forEach((v, i) => {
        err1 += ((a[i] as number) - v) ** 2;
        err2 += ((b[i] as number) - v) ** 2;
      });
    }
    expect(err2).toBeLessThan(4 * err1); // at most twice the step: the rms error at most doubles
  });

  describe('rejects a bad model with a message naming file, expectation and finding', () => {
    it('wrong format marker', () => {
      const { manifest, bin } = good();
      expectRejected(
        () => decodeModel({ ...manifest, format: 'tfjs-layers-model' }, bin),
        /model\.json: expected "format": "brushwork-model"/,
      );
    });
    it('wrong version', () => {
      const { manifest, bin } = good();
      expectRejected(
        () => decodeModel({ ...manifest, version: MODEL_FORMAT_VERSION + 1 }, bin),
        /expected format version 1 or 2, found version 3/,
      );
    });
    it('an architecture over the caps, before its weights are read', () => {
      const { manifest, bin } = good();
      expectRejected(
        () => decodeModel({ ...manifest, arch: { kind: 'johnson', alpha: 4, blocks: 16, small: false } }, bin),
        /expected at most 2,000,000 weights, found johnson α=4 blocks=16 with 78,544,134/,
      );
      expectRejected(
        () => decodeModel({ ...manifest, arch: { kind: 'johnson', alpha: 1.5, blocks: 1, small: false } }, bin), // 1.1 M weights, 168,480 per pixel
        /expected at most 160,000 multiply-adds per pixel/,
      );
      expect(() => parseManifestText(' '.repeat(70_000))).toThrow(/at most 65536 bytes of JSON/);
    });
    it('unknown architecture', () => {
      const { manifest, bin } = good();
      expectRejected(() => decodeModel({ ...manifest, arch: { ...manifest.arch, blocks: 99 } }, bin), /expected a valid "arch"/);
    });
    it('byte count that does not match the architecture', () => {
      const { manifest, bin } = good();
      expectRejected(() => decodeModel({ ...manifest, weights: { ...manifest.weights, bytes: 10 } }, bin), /"weights.bytes" 12168/);
    });
    it('truncated weights', () => {
      const { manifest, bin } = good();
      expectRejected(() => decodeModel(manifest, bin.subarray(0, 5000)), /weights\.bin: expected 12168 bytes .*found 5000 bytes/);
    });
    it('a flipped byte (CRC mismatch)', () => {
      const { manifest, bin } = good();
      const damaged = bin.slice();
      damaged[4000] = (damaged[4000] as number) ^ 0xff;
      expectRejected(() => decodeModel(manifest, damaged), /CRC-32 .* damaged/);
    });
    it('NaN and huge ranges even when the CRC was recomputed', async () => {
      const { crc32Hex } = await import('../../src/model/crc32');
      for (const bits of [0x7e00 /* NaN */, 0x7c00 /* +Inf */, 0x7bff /* 65504 */]) {
        const { manifest, bin } = good();
        const damaged = bin.slice();
        new DataView(damaged.buffer).setUint16(0, bits, true); // version 2: c1/kernel's first range is one float16 at offset 0
        const m = { ...manifest, weights: { ...manifest.weights, crc32: crc32Hex(damaged) } };
        expectRejected(() => decodeModel(m, damaged), /c1\/kernel range 0 finite, ordered and within ±1024/);
      }
    });
    it('missing style metadata', () => {
      const { manifest, bin } = good();
      expectRejected(() => decodeModel({ ...manifest, style: { ...manifest.style, year: '1889' } }, bin), /"style.year" to be a number/);
    });
    it('a weights file name that tries to leave the folder', () => {
      const { manifest, bin } = good();
      expectRejected(
        () => decodeModel({ ...manifest, weights: { ...manifest.weights, file: '../../etc/passwd.bin' } }, bin),
        /plain "weights.file"/,
      );
    });
    it('invalid JSON', () => {
      expectRejected(() => parseManifestText('{"format": '), /model\.json: expected valid JSON/);
    });
    it('not an object', () => {
      expectRejected(() => decodeModel([1, 2], new Uint8Array()), /expected the manifest to be a object|format/);
    });
  });

  describe('model folders on disk', () => {
    it('load back', () => {
      const dir = writeSeededModel(2);
      expect(readModelDir(dir).manifest.style.id).toBe('test-style');
    });
    it('name the missing file', () => {
      const dir = tempDir();
      expectRejected(
        () => readModelDir(dir),
        new RegExp(`${path.join(dir, 'model.json')}: expected a Brushwork model.json, found no such file`),
      );
    });
    it('name the weights file that is missing', () => {
      const dir = writeSeededModel(3);
      writeFileSync(
        path.join(dir, 'model.json'),
        JSON.stringify({
          ...JSON.parse(encodedSeededModel(3).manifestJson),
          weights: { ...JSON.parse(encodedSeededModel(3).manifestJson).weights, file: 'other.bin' },
        }),
      );
      expectRejected(() => readModelDir(dir), /other\.bin: expected the weights file named in model\.json, found no such file/);
    });
  });
});
