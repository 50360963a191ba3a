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
