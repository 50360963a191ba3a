/**
 * The style network's architecture as plain numbers, free of TF.js so that the
 * popup, the CLI's `arch` command and the model-file validator can use it
 * without pulling a tensor library into their bundles.
 *
 * Johnson et al. 2016 ("Perceptual Losses for Real-Time Style Transfer",
 * arXiv 1603.08155), with Fritz AI's MobileNet-style width multiplier α and
 * pruned residual stack ("Creating a 17kb style transfer model with layer
 * pruning and quantization").
 */

/**
 * "johnson": the paper's layout, full-resolution 9×9 convolutions at both ends.
 * "shuffle": the same trunk (instance norm, residual blocks at quarter
 * resolution, nearest-neighbour upsampling) but the full-resolution ends are
 * replaced by space-to-depth in and depth-to-space out (Shi et al. 2016,
 * "Real-Time Single Image and Video Super-Resolution Using an Efficient
 * Sub-Pixel Convolutional Neural Network", arXiv 1609.05158): three quarters of
 * the johnson network's work was those two 9×9 convolutions with 3 or 9
 * channels, which CPUs run at a fraction of their peak.
 */
export type ArchKind = 'johnson' | 'shuffle';

export const ARCH_KINDS: readonly ArchKind[] = ['johnson', 'shuffle'];

export interface ArchSpec {
  kind: ArchKind;
  /** Width multiplier α applied to every layer's filter count. */
  alpha: number;
  /** Number of residual blocks (Johnson: 5; Fritz's small model: 3). */
  blocks: number;
  /** "small": every layer uses ⌊α·32⌋ filters instead of 32/64/128. */
  small: boolean;
}

/** Fritz AI's 11,868-weight design on Johnson et al.'s layout: the seed's network, kept as `--arch johnson`. */
export const JOHNSON_ARCH: ArchSpec = { kind: 'johnson', alpha: 0.3, blocks: 3, small: true };

/** The fast variant: 11 filters per layer, 11,310 weights, 4.3× fewer multiply-adds per pixel than JOHNSON_ARCH. */
export const FAST_ARCH: ArchSpec = { kind: 'shuffle', alpha: 0.35, blocks: 3, small: true };

/** The network every shipped style uses since #21: the fast one, which Brushwork's SIMD kernel runs. */
export const SHIPPED_ARCH: ArchSpec = FAST_ARCH;

/** Space-to-depth / depth-to-space block size of the "shuffle" kind. */
export const SHUFFLE_BLOCK = 2;

export interface ConvLayerSpec {
  name: string;
  kernel: number;
  inChannels: number;
  outChannels: number;
  stride: 1 | 2;
  /** Nearest-neighbour ×2 upsampling before the conv (replaces transposed convs). */
  upsample: boolean;
  /** ReLU after instance norm. The second conv of a residual block and the output conv have none. */
  relu: boolean;
  /** First conv of a residual block: its input is the skip connection. */
  residualStart: boolean;
  /** Adds this layer's output to the residual block's input. */
  residualAdd: boolean;
}

/** ⌊α·n⌋, tolerant of binary floating point (0.3·32 must give 9, 0.5·64 must give 32). */
export function scaledFilters(alpha: number, base: number): number {
  return Math.max(1, Math.floor(alpha * base + 1e-9));
}

export function filterCounts(spec: ArchSpec): [number, number, number] {
  const f = (base: number) => scaledFilters(spec.alpha, spec.small ? 32 : base);
  return [f(32), f(64), f(128)];
}

export function convLayers(spec: ArchSpec): ConvLayerSpec[] {
  const [f1, f2, f3] = filterCounts(spec);
  const conv = (
    name: string,
    kernel: number,
    inChannels: number,
    outChannels: number,
    extra: Partial<ConvLayerSpec> = {},
  ): ConvLayerSpec => ({
    name,
    kernel,
    inChannels,
    outChannels,
    stride: 1,
    upsample: false,
    relu: true,
    residualStart: false,
    residualAdd: false,
    ...extra,
  });
  const residual = (channels: number) =>
    Array.from({ length: spec.blocks }, (_, b) => [
      conv(`r${b}a`, 3, channels, channels, { residualStart: true }),
      conv(`r${b}b`, 3, channels, channels, { relu: false, residualAdd: true }),
    ]).flat();
  if (spec.kind === 'shuffle') {
    // Input is space-to-depth'd to half resolution (3·4 channels); output is 3·4 channels depth-to-space'd back.
    const cells = SHUFFLE_BLOCK * SHUFFLE_BLOCK;
    return [
      conv('c1', 3, 3 * cells, f1),
      conv('c2', 3, f1, f3, { stride: 2 }),
      ...residual(f3),
      conv('u1', 3, f3, f1, { upsample: true }),
      conv('out', 3, f1, 3 * cells, { relu: false }),
    ];
  }
  return [
    conv('c1', 9, 3, f1),
    conv('c2', 3, f1, f2, { stride: 2 }),
    conv('c3', 3, f2, f3, { stride: 2 }),
    ...residual(f3),
    conv('u1', 3, f3, f2, { upsample: true }),
    conv('u2', 3, f2, f1, { upsample: true }),
    conv('out', 9, f1, 3, { relu: false }),
  ];
}

export type ParamRole = 'kernel' | 'gamma' | 'beta';

export interface ParamSpec {
  /** e.g. "c1/kernel", "r0a/gamma". */
  name: string;
  layer: string;
  role: ParamRole;
  shape: number[];
}

/** Every trainable tensor in canonical order: the order of the weights file. */
export function paramSpecs(spec: ArchSpec): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const l of convLayers(spec)) {
    // Convs carry no bias: instance norm's offset would cancel it (Ulyanov et al. 2016).
    specs.push({ name: `${l.name}/kernel`, layer: l.name, role: 'kernel', shape: [l.kernel, l.kernel, l.inChannels, l.outChannels] });
    specs.push({ name: `${l.name}/gamma`, layer: l.name, role: 'gamma', shape: [l.outChannels] });
    specs.push({ name: `${l.name}/beta`, layer: l.name, role: 'beta', shape: [l.outChannels] });
  }
  return specs;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function paramCount(spec: ArchSpec): number {
  return paramSpecs(spec).reduce((n, p) => n + sizeOf(p.shape), 0);
}

/** Multiply-accumulates per output pixel: what a forward pass costs, independent of image size. */
export function macsPerPixel(spec: ArchSpec): number {
  let macs = 0;
  let scale = spec.kind === 'shuffle' ? 1 / (SHUFFLE_BLOCK * SHUFFLE_BLOCK) : 1; // pixels of this layer per input pixel
  for (const l of convLayers(spec)) {
    if (l.upsample) scale *= 4;
    if (l.stride === 2) scale /= 4;
    macs += scale * l.kernel * l.kernel * l.inChannels * l.outChannels;
  }
  return macs;
}

/** Spatial size multiple the network needs: two stride-2 stages (johnson), or space-to-depth then one (shuffle). */
export const SIZE_MULTIPLE = 4;

export function describeArch(spec: ArchSpec): string {
  return `${spec.kind} α=${spec.alpha} blocks=${spec.blocks}${spec.small ? ' small' : ''}`;
}

export function validateArchSpec(value: unknown): ArchSpec {
  const v = value as Partial<ArchSpec> | null;
  if (!v || typeof v !== 'object') throw new Error(`expected an architecture object, found ${JSON.stringify(value)}`);
  if (!ARCH_KINDS.includes(v.kind as ArchKind))
    throw new Error(`expected architecture kind ${ARCH_KINDS.map((k) => `"${k}"`).join(' or ')}, found ${JSON.stringify(v.kind)}`);
  if (typeof v.alpha !== 'number' || !(v.alpha > 0 && v.alpha <= 4))
    throw new Error(`expected alpha in (0, 4], found ${JSON.stringify(v.alpha)}`);
  if (!Number.isInteger(v.blocks) || (v.blocks as number) < 0 || (v.blocks as number) > 16)
    throw new Error(`expected blocks an integer 0..16, found ${JSON.stringify(v.blocks)}`);
  if (typeof v.small !== 'boolean') throw new Error(`expected small true or false, found ${JSON.stringify(v.small)}`);
  return { kind: v.kind as ArchKind, alpha: v.alpha, blocks: v.blocks as number, small: v.small };
}
