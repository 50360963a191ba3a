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

/**
 * Mixes the original and the stylized picture: 1 = fully stylized, 0 = the
 * original. Intensity 0 returns the input pixels
 * exactly and intensity 1 the stylized ones exactly. Alpha comes from the original.
 */
export function blend(original: RgbaImage, stylized: RgbaImage, intensity: number): RgbaImage {
  if (original.width !== stylized.width || original.height !== stylized.height)
    throw new Error(`blend: sizes differ (${original.width}×${original.height} vs ${stylized.width}×${stylized.height})`);
  const t = Math.round(Math.min(1, Math.max(0, Number.isFinite(intensity) ? intensity : 1)) * 256);
  const a = original.data;
  const b = stylized.data;
  const out = new Uint8ClampedArray(a.length);
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const o = a[i + c] as number;
      // Uint8ClampedArray rounds on store, so the ends (t = 0, t = 256) are exact.
      out[i + c] = o + (((b[i + c] as number) - o) * t) / 256;
    }
    out[i + 3] = a[i + 3] as number;
  }
  return { width: original.width, height: original.height, data: out };
}
