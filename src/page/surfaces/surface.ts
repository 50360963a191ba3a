/**
 * A surface is one place a picture is shown: an <img> (with its <picture>
 * sources) or an element's CSS background. The controller stylizes surfaces;
 * each surface knows how to measure its picture, show a result without
 * moving anything, tell its own writes from the page's, and restore exactly.
 */
import type { Refusal } from '../../messaging/protocol';
import type { RgbaImage } from '../../shared/image';

export interface Size {
  width: number;
  height: number;
}

export interface Measure {
  /** The picture's intrinsic size in CSS px. */
  natural: Size;
  /** The size it covers on screen, in CSS px. */
  box: Size;
}

export interface Surface {
  readonly el: Element;
  readonly kind: 'img' | 'background';
  /** The picture's absolute URL, as the page shows it now. */
  pictureUrl(): string;
  /** Waits for the picture, or says why it cannot be used. */
  measure(): Promise<Measure | Refusal>;
  /**
   * Shows blended pixels (`density` = result pixels per intrinsic CSS px).
   * False when the page changed the element first (the page wins and nothing
   * is painted), or when the picture was restored or `stillWanted` turned
   * false while the pixels were being encoded: a late result never paints
   * over a restored picture (#30). `stillWanted` is asked right before the
   * write, after every await.
   */
  show(pixels: RgbaImage, density: number, stillWanted?: () => boolean): Promise<boolean>;
  /**
   * Takes back what Brushwork wrote: exactly what was there before, except
   * what the page itself has written since, which stays. A show() still
   * encoding when restore() runs writes nothing.
   */
  restore(): void;
  /** Elements Brushwork wrote to (for recognizing its own mutations). */
  writtenElements(): Element[];
  /** True when the page changed nothing: everything Brushwork wrote is in place, or, before it wrote, the snapshot still holds. */
  intact(): boolean;
  /** The page replaced our picture with its own: keep the page's, drop ours, re-snapshot. */
  adoptPageChange(): void;
}
