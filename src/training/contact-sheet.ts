/** A contact sheet: one row per photo, input | output, for looking at strokes, not just numbers. PNG, JPEG or WebP as its name says. */
import sharp from 'sharp';
import { outputFormatOf } from '../runtime/node/image-io';
import type { RgbImage } from './photos';

const ROW_HEIGHT = 200;

export async function writeContactSheet(file: string, rows: { input: RgbImage; output: RgbImage }[]): Promise<void> {
  const scaled = await Promise.all(
    rows.map(async ({ input, output }) => {
      const width = Math.round((input.width * ROW_HEIGHT) / input.height);
      const resize = (img: RgbImage) =>
        sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
          .resize(width, ROW_HEIGHT)
          .png()
          .toBuffer();
      return { width, input: await resize(input), output: await resize(output) };
    }),
  );
  const sheetWidth = Math.max(1, ...scaled.map((r) => r.width * 2 + 4));
  const composites = scaled.flatMap((r, i) => [
    { input: r.input, left: 0, top: i * (ROW_HEIGHT + 4) },
    { input: r.output, left: r.width + 4, top: i * (ROW_HEIGHT + 4) },
  ]);
  await sharp({ create: { width: sheetWidth, height: Math.max(1, rows.length * (ROW_HEIGHT + 4)), channels: 3, background: '#ffffff' } })
    .composite(composites)
    .toFormat(outputFormatOf(file) ?? 'png')
    .toFile(file);
}
