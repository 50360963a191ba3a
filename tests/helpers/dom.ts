/** happy-dom has no layout: these give a test's elements the sizes a browser would report. */
import { vi } from 'vitest';

/** Makes `el` report a layout box of width × height at the page's top-left corner. */
export function shownAt(el: Element, width: number, height: number): void {
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue({
    width,
    height,
    top: 0,
    left: 0,
    right: width,
    bottom: height,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
}

/** Makes `img` a loaded picture of the given natural size. */
export function loadedAt(img: HTMLImageElement, width: number, height: number): void {
  Object.defineProperty(img, 'naturalWidth', { value: width });
  Object.defineProperty(img, 'naturalHeight', { value: height });
  Object.defineProperty(img, 'complete', { value: true });
}
