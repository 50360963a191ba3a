/**
 * The toolbar and store icons, rendered from the one source image the project
 * owns (assets/icon.svg) at the sizes Chrome asks for. Run by the build
 * (wxt.config.ts), so the package never carries a stale hand-exported PNG.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const ICON_SIZES = [16, 32, 48, 128] as const;
export const ICON_SOURCE = path.resolve(import.meta.dirname, '../../assets/icon.svg');

/** Renders icons/<size>.png into `outDir`; returns their paths by size. */
export async function renderIcons(outDir: string): Promise<Record<number, string>> {
  mkdirSync(outDir, { recursive: true });
  const out: Record<number, string> = {};
  for (const size of ICON_SIZES) {
    const file = path.join(outDir, `${size}.png`);
    // Render at 4× and shrink: librsvg's own small renders alias the curve.
    await sharp(ICON_SOURCE, { density: (72 * size * 4) / 128 })
      .resize(size, size)
      .png({ compressionLevel: 9 })
      .toFile(file);
    out[size] = file;
  }
  return out;
}
