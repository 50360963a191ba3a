/**
 * First looks (#21): when page mode starts, the first pictures it sends are
 * painted once at half their width and height (a quarter of the pixels: a
 * quarter of the model run, of the pixels sent back and of the encoding) and
 * then replaced by the full-size result. The reader sees the first screen
 * painted sooner; the later pictures, which wait in the window anyway, go
 * straight to full size.
 */
import type { StylizeSize } from '../surfaces/sizing';

/** As many first looks as page mode has jobs in flight: the first screen's nearest pictures. */
export const FIRST_LOOKS = 6;

/** Below this many pixels a full-size run is already quick: a first look would only add a job. */
export const FIRST_LOOK_MIN_PIXELS = 160 * 120;

/** Half the width and height, the same aspect, the density halved with them so the layout box stays. */
export function firstLookSize(size: StylizeSize): StylizeSize | null {
  if (size.width * size.height < FIRST_LOOK_MIN_PIXELS) return null;
  const width = Math.max(1, Math.round(size.width / 2));
  const height = Math.max(1, Math.round(size.height / 2));
  return { width, height, density: (size.density * width) / size.width };
}

/** How many first looks page mode may still give; reset each time it is switched on. */
export class FirstLooks {
  private left = 0;

  reset(count = FIRST_LOOKS): void {
    this.left = count;
  }

  /** The first-look size for a picture of `size`, spending one, or null (none left, or too small to need one). */
  take(size: StylizeSize): StylizeSize | null {
    if (this.left <= 0) return null;
    const look = firstLookSize(size);
    if (look) this.left--;
    return look;
  }
}
