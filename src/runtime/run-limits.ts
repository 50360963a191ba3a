/**
 * Bounds on one model run in an engine (#22): no picture may grow a WASM heap
 * without bound, and no run may hold an engine for ever.
 */
import { BrushworkError } from '../messaging/errors';

/** The largest picture the settings allow (4096 px on the long side, square): 16.8 MP, ~0.8 GB of float activations at most. */
export const MAX_RUN_PIXELS = 4096 * 4096;

export function checkRunSize(width: number, height: number, maxPixels = MAX_RUN_PIXELS): void {
  if (width * height > maxPixels)
    throw new BrushworkError(
      'too-large',
      `expected a picture of at most ${(maxPixels / 1e6).toFixed(1)} megapixels for one model run, found ${width}×${height}`,
    );
}

/**
 * How long one run may take before its engine is replaced: 20 s plus 4 µs a
 * pixel (the shipped network runs ~1.5 µs a pixel on a slow core; a 16 MP
 * picture gets 87 s). Beyond that the worker is wedged or thrashing.
 */
export function runDeadlineMs(pixels: number): number {
  return 20_000 + pixels * 0.004;
}
