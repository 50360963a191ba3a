// @vitest-environment happy-dom
/** What page mode takes for a picture (#30): the shown size decides, the file's size only rules out pixels and spacers. */
import { describe, expect, it, vi } from 'vitest';
import { isPicture } from '../../src/page/mode/pictures';

function img(natural: [number, number], shown: [number, number]): HTMLImageElement {
  document.body.innerHTML = '<img id="i" src="https://site.example/p.jpg">';
  const el = document.getElementById('i') as HTMLImageElement;
  Object.defineProperty(el, 'naturalWidth', { value: natural[0] });
  Object.defineProperty(el, 'naturalHeight', { value: natural[1] });
  Object.defineProperty(el, 'complete', { value: true });
  const [width, height] = shown;
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
  return el;
}

describe('isPicture', () => {
  it('a small file shown large is a picture (a 60×45 photo at 240×180)', () => {
    expect(isPicture(img([60, 45], [240, 180]))).toBe(true);
  });

  it('an icon shown small, and a tracking pixel shown large, are not', () => {
    expect(isPicture(img([64, 64], [24, 24]))).toBe(false);
    expect(isPicture(img([1, 1], [240, 180]))).toBe(false);
  });
});
