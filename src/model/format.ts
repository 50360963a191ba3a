/**
 * The Brushwork model file format: a folder with a compact `model.json` and one
 * `weights.bin`. The architecture is a few numbers (see architecture.ts), not a
 * layer-by-layer topology: the shipped network's weights.bin is 12,372 bytes,
 * about 12.9 KB with its model.json.
 *
 * weights.bin: for every parameter in paramSpecs() order, its quantization
 * ranges (one per output channel for conv kernels, one per tensor for the
 * instance-norm vectors), then its uint8 codes in HWIO order. A vector's range
 * is two little-endian float16 (lo, hi). A kernel's is the same in version 1;
 * version 2 makes kernel ranges symmetric (lo = −hi) and stores only hi, which
 * saves 204 bytes on the shipped network: every conv is followed by instance
 * norm, which divides each output channel's scale away, so the channel's range
 * costs nothing in accuracy to make symmetric. See docs/model-format.md.
 */

import type { StyleInfo } from '../shared/catalog';
import {
  type ArchSpec,
  describeArch,
  macsPerPixel,
  type ParamSpec,
  paramCount,
  paramSpecs,
  sizeOf,
  validateArchSpec,
} from './architecture';
import { crc32Hex } from './crc32';
import { fromHalfBits } from './float16';
import { dequantizeTensor, negateHalfBits, type QuantRange, quantizeTensor } from './quantize';

export const MODEL_FORMAT = 'brushwork-model';
export const MODEL_FORMAT_VERSION = 2;
/** Versions this code reads (it writes MODEL_FORMAT_VERSION). */
export const READABLE_VERSIONS: readonly number[] = [1, 2];
export const MANIFEST_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/**
 * Caps checked from model.json alone, before the weights are read or anything
 * runs: the standard α = 1, 5-block network of Johnson et al. (1,677,638
 * weights, 153,792 multiply-adds per pixel) is the largest a file may
 * describe. A hostile file naming α = 4 and 16 blocks (78.5 M weights, 5.5 M
 * multiply-adds per pixel) would otherwise be allocated and run.
 */
export const MAX_MODEL_WEIGHTS = 2_000_000;
export const MAX_MACS_PER_PIXEL = 160_000;
/** model.json of a shipped style is ~700 bytes; 64 KiB leaves room for any honest record. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

/** Trained weights of this network sit well inside ±8; anything beyond this bound is a damaged file. */
export const MAX_ABS_WEIGHT = 1024;

/** Validation measures recorded at export (`brushwork eval`'s output); a few are grouped, e.g. per VGG layer. */
export type ModelMetrics = Record<string, number | Record<string, number>>;

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  arch: ArchSpec;
  weights: { file: string; bytes: number; crc32: string };
  style: StyleInfo;
  training?: Record<string, unknown>;
  metrics?: ModelMetrics;
}

export type FloatWeights = Map<string, Float32Array>;

export interface DecodedModel {
  manifest: ModelManifest;
  weights: FloatWeights;
}

/** A bad model file: names the file, what was expected and what was found. */
export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}: expected ${expected}, found ${found}`);
    this.name = 'ModelFileError';
  }
}

const isKernel = (p: ParamSpec) => p.role === 'kernel';

export function rangeCount(p: ParamSpec): number {
  return isKernel(p) ? (p.shape[3] as number) : 1;
}

/** Kernels have symmetric ranges, stored as one float16, from version 2 on. */
const symmetricRanges = (p: ParamSpec, version: number) => isKernel(p) && version >= 2;

function rangeBytes(p: ParamSpec, version: number): number {
  return symmetricRanges(p, version) ? 2 : 4;
}

export function weightsByteLength(arch: ArchSpec, version = MODEL_FORMAT_VERSION): number {
  return paramSpecs(arch).reduce((n, p) => n + rangeCount(p) * rangeBytes(p, version) + sizeOf(p.shape), 0);
}

/** 8-bit weights.bin bytes; `version` 1 is still written for compatibility tests only. */
export function encodeWeights(arch: ArchSpec, weights: FloatWeights, version = MODEL_FORMAT_VERSION): Uint8Array {
  const out = new Uint8Array(weightsByteLength(arch, version));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const p of paramSpecs(arch)) {
    const values = weights.get(p.name);
    if (!values || values.length !== sizeOf(p.shape))
      throw new Error(`weights for ${p.name}: expected ${sizeOf(p.shape)} values, found ${values?.length ?? 'none'}`);
    const symmetric = symmetricRanges(p, version);
    const { ranges, codes } = quantizeTensor(values, rangeCount(p), symmetric);
    for (const r of ranges) {
      if (Math.abs(fromHalfBits(r.loBits)) > MAX_ABS_WEIGHT || Math.abs(fromHalfBits(r.hiBits)) > MAX_ABS_WEIGHT)
        throw new Error(`weights for ${p.name} exceed ±${MAX_ABS_WEIGHT}: training diverged`);
      if (!symmetric) {
        view.setUint16(offset, r.loBits, true);
        offset += 2;
      }
      view.setUint16(offset, r.hiBits, true);
      offset += 2;
    }
    out.set(codes, offset);
    offset += codes.length;
  }
  return out;
}

export interface EncodeOptions {
  arch: ArchSpec;
  style: StyleInfo;
  training?: Record<string, unknown>;
  metrics?: ModelMetrics;
}

export function encodeModel(weights: FloatWeights, opts: EncodeOptions): { manifestJson: string; bin: Uint8Array } {
  const bin = encodeWeights(opts.arch, weights);
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    arch: opts.arch,
    weights: { file: WEIGHTS_FILE, bytes: bin.length, crc32: crc32Hex(bin) },
    style: opts.style,
    ...(opts.training ? { training: opts.training } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  };
  return { manifestJson: JSON.stringify(manifest), bin };
}

function expectType(file: string, what: string, value: unknown, type: 'string' | 'number' | 'object'): void {
  const found = value === null ? 'null' : typeof value;
  if (found !== type) throw new ModelFileError(file, `${what} to be a ${type}`, `${found} ${JSON.stringify(value)?.slice(0, 40)}`);
}

export function validateManifest(value: unknown, file = MANIFEST_FILE): ModelManifest {
  expectType(file, 'the manifest', value, 'object');
  const m = value as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT)
    throw new ModelFileError(file, `"format": "${MODEL_FORMAT}"`, `${JSON.stringify(m.format)} (is this a Brushwork model?)`);
  if (typeof m.version !== 'number' || !READABLE_VERSIONS.includes(m.version))
    throw new ModelFileError(file, `format version ${READABLE_VERSIONS.join(' or ')}`, `version ${JSON.stringify(m.version)}`);
  let arch: ArchSpec;
  try {
    arch = validateArchSpec(m.arch);
  } catch (e) {
    throw new ModelFileError(file, 'a valid "arch"', (e as Error).message);
  }
  const weightCount = paramCount(arch);
  if (weightCount > MAX_MODEL_WEIGHTS)
    throw new ModelFileError(
      file,
      `at most ${MAX_MODEL_WEIGHTS.toLocaleString('en')} weights`,
      `${describeArch(arch)} with ${weightCount.toLocaleString('en')}`,
    );
  const work = Math.round(macsPerPixel(arch));
  if (work > MAX_MACS_PER_PIXEL)
    throw new ModelFileError(
      file,
      `at most ${MAX_MACS_PER_PIXEL.toLocaleString('en')} multiply-adds per pixel`,
      `${describeArch(arch)} with ${work.toLocaleString('en')}`,
    );
  expectType(file, '"weights"', m.weights, 'object');
  const w = m.weights as Record<string, unknown>;
  expectType(file, '"weights.file"', w.file, 'string');
  if (!/^[\w.-]+\.bin$/.test(w.file as string) || (w.file as string).startsWith('.'))
    throw new ModelFileError(file, 'a plain "weights.file" name ending in .bin', JSON.stringify(w.file));
  const expectedBytes = weightsByteLength(arch, m.version);
  if (w.bytes !== expectedBytes)
    throw new ModelFileError(file, `"weights.bytes" ${expectedBytes} for ${describeArch(arch)}`, JSON.stringify(w.bytes));
  if (typeof w.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(w.crc32))
    throw new ModelFileError(file, '"weights.crc32" as 8 hex digits', JSON.stringify(w.crc32));
  expectType(file, '"style"', m.style, 'object');
  const s = m.style as Record<string, unknown>;
  for (const key of ['id', 'title', 'artist', 'licence'] as const) expectType(file, `"style.${key}"`, s[key], 'string');
  expectType(file, '"style.year"', s.year, 'number');
  return m as unknown as ModelManifest;
}

function readRanges(view: DataView, offset: number, count: number, symmetric: boolean, file: string, param: string): QuantRange[] {
  const ranges: QuantRange[] = [];
  const size = symmetric ? 2 : 4;
  for (let i = 0; i < count; i++) {
    const hiBits = view.getUint16(offset + i * size + size - 2, true);
    const loBits = symmetric ? negateHalfBits(hiBits) : view.getUint16(offset + i * size, true);
    const lo = fromHalfBits(loBits);
    const hi = fromHalfBits(hiBits);
    const sane = Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && Math.abs(lo) <= MAX_ABS_WEIGHT && Math.abs(hi) <= MAX_ABS_WEIGHT;
    if (!sane) throw new ModelFileError(file, `${param} range ${i} finite, ordered and within ±${MAX_ABS_WEIGHT}`, `[${lo}, ${hi}]`);
    ranges.push({ loBits, hiBits });
  }
  return ranges;
}

export function decodeWeights(arch: ArchSpec, bytes: Uint8Array, file = WEIGHTS_FILE, version = MODEL_FORMAT_VERSION): FloatWeights {
  const expected = weightsByteLength(arch, version);
  if (bytes.length !== expected) throw new ModelFileError(file, `${expected} bytes for ${describeArch(arch)}`, `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights: FloatWeights = new Map();
  let offset = 0;
  for (const p of paramSpecs(arch)) {
    const count = rangeCount(p);
    const ranges = readRanges(view, offset, count, symmetricRanges(p, version), file, p.name);
    offset += count * rangeBytes(p, version);
    const n = sizeOf(p.shape);
    weights.set(p.name, dequantizeTensor(bytes.subarray(offset, offset + n), ranges));
    offset += n;
  }
  return weights;
}

/** Validates and dequantizes a model; `names` label the two files in error messages. */
export function decodeModel(
  manifestValue: unknown,
  bin: Uint8Array,
  names: { manifest: string; weights: string } = { manifest: MANIFEST_FILE, weights: WEIGHTS_FILE },
): DecodedModel {
  const manifest = validateManifest(manifestValue, names.manifest);
  if (bin.length !== manifest.weights.bytes)
    throw new ModelFileError(names.weights, `${manifest.weights.bytes} bytes (as model.json says)`, `${bin.length} bytes`);
  const crc = crc32Hex(bin);
  if (crc !== manifest.weights.crc32)
    throw new ModelFileError(names.weights, `CRC-32 ${manifest.weights.crc32} (as model.json says)`, `${crc}: the file is damaged`);
  return { manifest, weights: decodeWeights(manifest.arch, bin, names.weights, manifest.version) };
}

/** Parses model.json text, turning a JSON syntax error into a ModelFileError. */
export function parseManifestText(text: string, file = MANIFEST_FILE): unknown {
  if (text.length > MAX_MANIFEST_BYTES) throw new ModelFileError(file, `at most ${MAX_MANIFEST_BYTES} bytes of JSON`, `${text.length}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(file, 'valid JSON', (e as Error).message);
  }
}
