/** An RGBA image in memory, shaped like the DOM's ImageData so browser and Node code share it. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function makeImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

export function checkImage(img: RgbaImage): void {
  const ok =
    Number.isInteger(img.width) &&
    Number.isInteger(img.height) &&
    img.width > 0 &&
    img.height > 0 &&
    img.data.length === img.width * img.height * 4;
  if (!ok)
    throw new Error(`expected an RGBA image with width×height×4 bytes, found ${img.width}×${img.height} with ${img.data.length} bytes`);
}

export interface BlendOptions {
  /**
   * Keep the photo's colours: take only the stylized picture's luminance and
   * keep the original's chroma (the luminance-only transfer of Gatys et al.,
   * "Preserving Color in Neural Artistic Style Transfer", 2016, in YCbCr with
   * BT.601 weights). Adding the luminance difference to R, G and B alike keeps
   * R−Y and B−Y, i.e. Cb and Cr, of the original.
   */
  keepColours?: boolean;
}

/** BT.601 luma, ×1024 so the per-pixel work stays in integers. */
const lumaTimes1024 = (d: Uint8ClampedArray, i: number) => 306 * (d[i] as number) + 601 * (d[i + 1] as number) + 117 * (d[i + 2] as number);

/**
 * Mixes the original and the stylized picture: 1 = fully stylized, 0 = the
 * original. Intensity 0 returns the input pixels exactly and intensity 1 the
 * stylized ones exactly (without keepColours). Alpha comes from the original.
 */
export function blend(original: RgbaImage, stylized: RgbaImage, intensity: number, options: BlendOptions = {}): RgbaImage {
  if (original.width !== stylized.width || original.height !== stylized.height)
    throw new Error(`blend: sizes differ (${original.width}×${original.height} vs ${stylized.width}×${stylized.height})`);
  const t = Math.round(Math.min(1, Math.max(0, Number.isFinite(intensity) ? intensity : 1)) * 256);
  const a = original.data;
  const b = stylized.data;
  const out = new Uint8ClampedArray(a.length);
  const keep = options.keepColours === true;
  for (let i = 0; i < a.length; i += 4) {
    const shift = keep ? (lumaTimes1024(b, i) - lumaTimes1024(a, i)) / 1024 : 0;
    for (let c = 0; c < 3; c++) {
      const o = a[i + c] as number;
      const target = keep ? o + shift : (b[i + c] as number);
      // Uint8ClampedArray rounds on store, so the ends (t = 0, t = 256) are exact.
      out[i + c] = o + ((target - o) * t) / 256;
    }
    out[i + 3] = a[i + 3] as number;
  }
  return { width: original.width, height: original.height, data: out };
}
