/**
 * The host of the fast network's own WebAssembly SIMD engine
 * (assembly/shuffle-net.ts): lays out its memory, packs a model's weights
 * for it and walks the network's layers (architecture.ts's convLayers, the
 * same list TF.js's forward pass walks). Free of TF.js: it runs wherever
 * WebAssembly SIMD does, and declines what it was not built for (the seed's
 * johnson network, wider α, pictures under 4 pixels a side) so that the
 * TF.js path runs those.
 */
import { type ArchSpec, type ConvLayerSpec, convLayers } from '../../model/architecture';
import type { FloatWeights } from '../../model/format';
import type { RgbaImage } from '../../shared/image';
import type { Band, RowExchange } from './bands';

/** Channels of every activation inside the kernel (a multiple of 4; shuffle-net.ts's C). */
const CHANNELS = 12;
const PIXEL_BYTES = CHANNELS * 4;
/** Floats of one row's statistics record (shuffle-net.ts's ROW_STATS): 12 sums, then 12 sums of squared distances to the row's mean. */
const ROW_FLOATS = 2 * CHANNELS;
/** Floats per packed layer: 9 taps × 12 × 12 weights, then 12 scales (γ) and 12 offsets (β). */
const LAYER_FLOATS = 9 * CHANNELS * CHANNELS + 2 * CHANNELS;
/** Smallest side the kernel takes: the input's reflection up to a multiple of 4 needs 4 pixels (smaller goes to TF.js). */
export const KERNEL_MIN_SIDE = 4;
/** Above this the instance is dropped after a run, so that one huge picture does not pin its memory (WASM memory never shrinks). */
export const KERNEL_KEEP_BYTES = 64 * 1024 * 1024;
const WASM_PAGE = 65536;

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  inputToHalf(rgba: number, w: number, h: number, dst: number): void;
  conv3x3(
    src: number,
    srcW: number,
    outH: number,
    outW: number,
    stride: number,
    weights: number,
    dst: number,
    rowSums: number,
    inChannels: number,
  ): void;
  squareRows(raw: number, h: number, w: number, rowStats: number): void;
  combineRows(rowStats: number, count: number, width: number, stats: number): void;
  normAffine(stats: number, n: number, gamma: number, beta: number, affine: number): void;
  finishPadded(raw: number, h: number, w: number, affine: number, relu: number, skip: number, dst: number): void;
  upsamplePadded(src: number, h: number, w: number, dst: number): void;
  finishOutput(raw: number, h2: number, w2: number, affine: number, rgbaIn: number, w: number, h: number, rgbaOut: number): void;
}

/** Why the kernel cannot run this network, or null when it can. */
export function kernelRefusal(arch: ArchSpec): string | null {
  if (arch.kind !== 'shuffle') return `the kernel runs the shuffle network, not "${arch.kind}"`;
  const layers = convLayers(arch);
  const wide = layers.find((l) => l.kernel !== 3 || l.inChannels > CHANNELS || l.outChannels > CHANNELS);
  if (wide)
    return `layer ${wide.name} is ${wide.kernel}×${wide.kernel}, ${wide.inChannels} → ${wide.outChannels}: the kernel holds 3×3 and at most ${CHANNELS} channels`;
  const first = layers[0] as ConvLayerSpec;
  const last = layers[layers.length - 1] as ConvLayerSpec;
  if (first.inChannels !== CHANNELS || last.outChannels !== CHANNELS || last.relu)
    return 'the network does not start and end in 2×2 cells of RGB';
  return null;
}

/** A model's weights in the kernel's layout: per layer [tap][in][out] zero-padded to 12×12, then γ and β padded with zeros (a padded channel stays 0). */
export function packWeights(arch: ArchSpec, weights: FloatWeights): Float32Array {
  const layers = convLayers(arch);
  const packed = new Float32Array(layers.length * LAYER_FLOATS);
  layers.forEach((layer, i) => {
    const base = i * LAYER_FLOATS;
    const kernel = need(weights, `${layer.name}/kernel`);
    const { inChannels: ci, outChannels: co } = layer;
    for (let tap = 0; tap < 9; tap++)
      for (let a = 0; a < ci; a++)
        for (let b = 0; b < co; b++) packed[base + (tap * CHANNELS + a) * CHANNELS + b] = kernel[(tap * ci + a) * co + b] as number;
    packed.set(need(weights, `${layer.name}/gamma`), base + 9 * CHANNELS * CHANNELS);
    packed.set(need(weights, `${layer.name}/beta`), base + 9 * CHANNELS * CHANNELS + CHANNELS);
  });
  return packed;
}

function need(weights: FloatWeights, name: string): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`expected weights "${name}" in the model, found none`);
  return w;
}

const align = (n: number) => Math.ceil(n / 64) * 64;

/** Byte offsets of one run's buffers in the kernel's memory; `allRows`: rows at half resolution of the whole picture (a band's are fewer). */
function layout(base: number, weightBytes: number, w: number, h: number, allRows: number) {
  const h2 = Math.ceil(h / 4) * 2;
  const w2 = Math.ceil(w / 4) * 2;
  let at = base;
  const take = (bytes: number) => {
    const start = at;
    at += align(bytes);
    return start;
  };
  const weights = take(weightBytes);
  const stats = take(2 * CHANNELS * 8);
  const affine = take(CHANNELS * 2 * 4);
  // Each conv's per-row statistics (12 f32 a row), this run's rows, then the whole picture's (a band's own and its neighbours').
  const rows = take(h2 * ROW_FLOATS * 4);
  const pictureRows = take(allRows * ROW_FLOATS * 4);
  const rgbaIn = take(w * h * 4);
  const rgbaOut = take(w * h * 4);
  const raw = take(h2 * w2 * PIXEL_BYTES);
  // Three padded half-resolution slots: the current activation, the residual block's input, and the next.
  const slotBytes = (h2 + 2) * (w2 + 2) * PIXEL_BYTES;
  const slots = [take(slotBytes), take(slotBytes), take(slotBytes)];
  return { h2, w2, weights, stats, affine, rows, pictureRows, rgbaIn, rgbaOut, raw, slots, end: at };
}

export class ShuffleKernel {
  private instance: KernelExports | null = null;
  /** The weights now in memory (a video runs one style frame after frame: copied once). */
  private loaded: Float32Array | null = null;
  /** The run in progress, or the last one: the next waits for it (runBand). */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly module: WebAssembly.Module) {}

  /** Compiles the kernel; rejects where WebAssembly SIMD is missing (the caller keeps TF.js). */
  static async compile(bytes: Uint8Array): Promise<ShuffleKernel> {
    const kernel = new ShuffleKernel(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
    await kernel.exports();
    return kernel;
  }

  /** Bytes of WebAssembly memory held now. */
  get memoryBytes(): number {
    return this.instance ? this.instance.memory.buffer.byteLength : 0;
  }

  private async exports(): Promise<KernelExports> {
    if (!this.instance) {
      this.instance = (await WebAssembly.instantiate(this.module, {})).exports as unknown as KernelExports;
      this.loaded = null;
    }
    return this.instance;
  }

  /**
   * Stylizes an RGBA picture with packed weights (packWeights) of a network kernelRefusal accepts.
   * `trace` (benchmarks) is handed every step of the walk with its label; the kernel runs synchronously.
   */
  run(arch: ArchSpec, packed: Float32Array, img: RgbaImage, trace: KernelTrace = untraced): Promise<RgbaImage> {
    const band = { height: img.height, top: 0, bottom: img.height, from: 0, to: img.height };
    return this.runBand(arch, packed, img, band, null, trace);
  }

  /**
   * Stylizes one band of a picture (planBands): `img` holds its rows [from, to), and
   * the answer its own rows [top, bottom), the very pixels the whole picture's run
   * gives there, once every band of the picture exchanges its statistics through
   * `exchange` (RowExchange). The split of one frame across engines (engine-pool.ts's runSplit).
   */
  runBand(
    arch: ArchSpec,
    packed: Float32Array,
    img: RgbaImage,
    band: Band,
    exchange: RowExchange | null,
    trace: KernelTrace = untraced,
  ): Promise<RgbaImage> {
    // One run at a time, in the order asked: a band waits for its neighbours between layers, and
    // a picture asked meanwhile (the engine worker takes messages while it waits) would overwrite
    // the band's buffers. The runs of one worker come in the pool's order, so two split frames
    // cannot wait on each other in a circle.
    const turn = this.turn.then(() => this.runNow(arch, packed, img, band, exchange, trace));
    this.turn = turn.catch(() => undefined);
    return turn;
  }

  private async runNow(
    arch: ArchSpec,
    packed: Float32Array,
    img: RgbaImage,
    band: Band,
    exchange: RowExchange | null,
    trace: KernelTrace,
  ): Promise<RgbaImage> {
    const { width: w, height: h } = img;
    if (w < KERNEL_MIN_SIDE || h < KERNEL_MIN_SIDE) throw new Error(`expected a picture of at least 4×4 pixels, found ${w}×${h}`);
    if (h !== band.to - band.from) throw new Error(`expected rows ${band.from}–${band.to} of the picture, found ${h} rows`);
    const k = await this.exports();
    const at = layout(k.heapBase(), packed.byteLength, w, h, Math.ceil(band.height / 4) * 2);
    const pages = Math.ceil(at.end / WASM_PAGE) - k.memory.buffer.byteLength / WASM_PAGE;
    if (pages > 0) k.memory.grow(pages);
    if (this.loaded !== packed) new Float32Array(k.memory.buffer, at.weights, packed.length).set(packed);
    this.loaded = packed;
    new Uint8ClampedArray(k.memory.buffer, at.rgbaIn, w * h * 4).set(img.data);
    try {
      await forward(k, arch, at, { w, h, band, exchange }, trace);
      const own = { start: (band.top - band.from) * w * 4, end: (band.bottom - band.from) * w * 4 };
      return {
        width: w,
        height: band.bottom - band.top,
        data: new Uint8ClampedArray(k.memory.buffer, at.rgbaOut + own.start, own.end - own.start).slice(),
      };
    } finally {
      if (k.memory.buffer.byteLength > KERNEL_KEEP_BYTES) this.instance = null;
    }
  }
}

/** Runs one step of the walk under a label such as "r0a conv" (its last word is the kind of work). */
export type KernelTrace = (label: string, step: () => void) => void;
const untraced: KernelTrace = (_label, step) => step();

interface Walk {
  w: number;
  h: number;
  band: Band;
  exchange: RowExchange | null;
}

/** Where one conv's output rows stand: how many this run holds, their width, and picture rows per row (2 at half resolution, 4 at quarter). */
interface Rows {
  count: number;
  width: number;
  scale: number;
}

/** One layer's instance-norm statistics into `at.affine`, from this run's rows (the whole picture). */
function localStats(k: KernelExports, at: Layout, rows: Rows, gammaAt: number): void {
  const n = rows.count * rows.width;
  k.squareRows(at.raw, rows.count, rows.width, at.rows);
  k.combineRows(at.rows, rows.count, rows.width, at.stats);
  k.normAffine(at.stats, n, gammaAt, gammaAt + CHANNELS * 4, at.affine);
}

/**
 * The same in a band: its own rows' records go to the exchange (once per layer), every
 * row of the picture comes back and is combined in picture order, so the statistics are
 * the whole picture's to the bit.
 */
async function bandStats(k: KernelExports, at: Layout, band: Band, exchange: RowExchange, layer: number, rows: Rows, gammaAt: number) {
  const n = Math.ceil(band.height / 4) * (4 / rows.scale) * rows.width;
  const first = (band.top - band.from) / rows.scale;
  const last = band.bottom === band.height ? rows.count : (band.bottom - band.from) / rows.scale;
  k.squareRows(at.raw, rows.count, rows.width, at.rows);
  const own = new Float32Array(k.memory.buffer, at.rows + first * ROW_FLOATS * 4, (last - first) * ROW_FLOATS).slice();
  const all = await exchange({ layer, firstRow: band.top / rows.scale, rows: own });
  new Float32Array(k.memory.buffer, at.pictureRows, all.length).set(all);
  k.combineRows(at.pictureRows, all.length / ROW_FLOATS, rows.width, at.stats);
  k.normAffine(at.stats, n, gammaAt, gammaAt + CHANNELS * 4, at.affine);
}

type Layout = ReturnType<typeof layout>;

/** The layer walk: the same order, strides, upsampling, ReLUs and residual additions as network.ts's stylizeToTanh. */
async function forward(k: KernelExports, arch: ArchSpec, at: Layout, walk: Walk, trace: KernelTrace): Promise<void> {
  const { w, h } = walk;
  const layers = convLayers(arch);
  let current = at.slots[0] as number;
  let blockInput = current;
  let ch = at.h2;
  let cw = at.w2;
  let scale = 2;
  trace('input', () => k.inputToHalf(at.rgbaIn, w, h, current));
  const free = (...busy: number[]) => at.slots.find((s) => !busy.includes(s)) as number;
  for (const [i, layer] of layers.entries()) {
    if (layer.residualStart) blockInput = current;
    if (layer.upsample) {
      const up = free(current, blockInput);
      const from = current;
      const [uh, uw] = [ch, cw];
      trace(`${layer.name} upsample`, () => k.upsamplePadded(from, uh, uw, up));
      current = up;
      ch *= 2;
      cw *= 2;
      scale /= 2;
    }
    const oh = ch / layer.stride;
    const ow = cw / layer.stride;
    scale *= layer.stride;
    const weights = at.weights + i * LAYER_FLOATS * 4;
    const gamma = weights + 9 * CHANNELS * CHANNELS * 4;
    const src = current;
    const srcW = cw + 2;
    trace(`${layer.name} conv`, () => k.conv3x3(src, srcW, oh, ow, layer.stride, weights, at.raw, at.rows, layer.inChannels));
    const rows = { count: oh, width: ow, scale };
    if (walk.exchange) await bandStats(k, at, walk.band, walk.exchange, i, rows, gamma);
    else trace(`${layer.name} norm`, () => localStats(k, at, rows, gamma));
    if (i === layers.length - 1) {
      trace('output', () => k.finishOutput(at.raw, oh, ow, at.affine, at.rgbaIn, w, h, at.rgbaOut));
      return;
    }
    const next = free(current, blockInput);
    const skip = layer.residualAdd ? blockInput : 0;
    trace(`${layer.name} finish`, () => k.finishPadded(at.raw, oh, ow, at.affine, layer.relu ? 1 : 0, skip, next));
    current = next;
    ch = oh;
    cw = ow;
  }
}
