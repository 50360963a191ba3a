/**
 * An imported style's preview: its own model run on the project's generated
 * scene, as every shipped preview is (scripts/render-previews.ts), stored with
 * its files. Running it also proves the model works: a model whose output is
 * a flat colour (all weights zero, say) is refused here.
 */
import { BrushworkError } from '../../messaging/errors';
import { setUserStylePreview } from '../../settings/user-style-files';
import { isUserStyleId } from '../../shared/catalog';
import type { RgbaImage } from '../../shared/image';
import { makeScene } from '../../shared/scene';

export const PREVIEW_SIZE = { width: 192, height: 144 } as const;

/** Spread of the output's luminance: a flat picture shows nothing of any style. */
function lumaRange(img: RgbaImage): number {
  let lo = 255;
  let hi = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const y = 0.299 * (img.data[i] as number) + 0.587 * (img.data[i + 1] as number) + 0.114 * (img.data[i + 2] as number);
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  return hi - lo;
}

export async function renderPreview(styleId: string, run: (image: RgbaImage) => Promise<RgbaImage>): Promise<void> {
  if (!isUserStyleId(styleId)) throw new BrushworkError('invalid', `expected an imported style, found "${styleId}"`);
  const out = await run(makeScene(PREVIEW_SIZE.width, PREVIEW_SIZE.height));
  if (lumaRange(out) < 8)
    throw new BrushworkError('invalid', 'expected a model that paints, found one whose every output pixel is the same');
  const canvas = new OffscreenCanvas(out.width, out.height);
  (canvas.getContext('2d') as OffscreenCanvasRenderingContext2D).putImageData(new ImageData(out.data.slice(), out.width, out.height), 0, 0);
  await setUserStylePreview(styleId, await canvas.convertToBlob({ type: 'image/webp', quality: 0.82 }));
}
