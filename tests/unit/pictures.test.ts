// @vitest-environment happy-dom
/** What page mode takes for a picture (#30): the shown size decides, the file's size only rules out pixels and spacers. */
import { describe, expect, it, vi } from 'vitest';
import { isPicture } from '../../src/page/mode/pictures';
import { loadedAt, shownAt } from '../helpers/dom';

function img(natural: [number, number], shown: [number, number], attrs = ''): HTMLImageElement {
  document.body.innerHTML = `<img id="i" src="https://site.example/p.jpg" ${attrs}>`;
  const el = document.getElementById('i') as HTMLImageElement;
  loadedAt(el, natural[0], natural[1]);
  shownAt(el, shown[0], shown[1]);
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

  it('a broken picture meant as one (its width and height attributes) is, though Chromium shows it as a line of alt text', () => {
    const broken = img([0, 0], [60, 18], 'width="120" height="90" alt="a photo"');
    vi.spyOn(broken, 'getClientRects').mockReturnValue([{}] as unknown as DOMRectList);
    expect(isPicture(broken)).toBe(true);
  });

  it('a broken tracking pixel, icon or unsized picture is not, nor a broken one hidden by display: none', () => {
    for (const attrs of ['width="1" height="1"', 'width="24" height="24" alt="icon"', 'alt="a photo"']) {
      const broken = img([0, 0], [60, 18], attrs);
      vi.spyOn(broken, 'getClientRects').mockReturnValue([{}] as unknown as DOMRectList);
      expect(isPicture(broken)).toBe(false);
    }
    const hidden = img([0, 0], [0, 0], 'width="120" height="90" style="display:none"');
    vi.spyOn(hidden, 'getClientRects').mockReturnValue([] as unknown as DOMRectList);
    expect(isPicture(hidden)).toBe(false);
  });
});
