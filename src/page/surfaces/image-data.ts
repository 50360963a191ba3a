/**
 * ImageData for pixels held by page code. In a Firefox content script the
 * page's ImageData and typed arrays sit behind Xray wrappers: `new
 * ImageData(ourArray, …)` throws "Failed to extract Uint8ClampedArray from
 * ImageData (security check failed?)" and filling a canvas-made ImageData with
 * `set(ourArray)` throws "Permission denied to access object". Firefox's
 * `cloneInto` copies the pixels into the page's compartment first (MDN,
 * "Sharing objects with page scripts"); Chrome has no such boundary and no
 * cloneInto, and gets the array as it is.
 */
import type { RgbaImage } from '../../shared/image';

declare const cloneInto: ((value: unknown, target: object) => unknown) | undefined;

type ImageDataConstructor = new (data: Uint8ClampedArray, width: number, height: number) => ImageData;

export function imageDataOf(px: RgbaImage): ImageData {
  const copy = new Uint8ClampedArray(px.data);
  if (typeof cloneInto !== 'function') return new ImageData(copy, px.width, px.height);
  // Firefox content script: the page's own constructor (wrappedJSObject waives the Xray) on a copy in the page's compartment.
  const page = (window as unknown as { wrappedJSObject: { ImageData: ImageDataConstructor } }).wrappedJSObject;
  return new page.ImageData(cloneInto(copy, window) as Uint8ClampedArray, px.width, px.height);
}
