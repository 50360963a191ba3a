// @vitest-environment happy-dom
/**
 * A CSS background as a surface (#22 part 5, beyond the <img> target): the
 * page wins every race, a restore gives back exactly what the page last wrote,
 * and what page mode takes for a background picture.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/page/surfaces/data-url', () => ({ pixelsToDataUrl: async () => 'data:image/webp;base64,UklG' }));

const { BackgroundSurface, backgroundPictureUrl, pageStyleAfter } = await import('../../src/page/surfaces/background-surface');
const { isBackgroundPicture, isSvgUrl } = await import('../../src/page/mode/pictures');

const pixels = { width: 2, height: 2, data: new Uint8ClampedArray(16) };

function element(style: string | null | undefined): HTMLElement {
  document.body.innerHTML = '<div id="d"></div>';
  const el = document.getElementById('d') as HTMLElement;
  if (style !== null && style !== undefined) el.setAttribute('style', style);
  return el;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('background surface', () => {
  it('the page wins: a style it wrote before the result arrived is never painted over', async () => {
    const el = element('background-image: url("/a.png")');
    const s = new BackgroundSurface(el, () => 'style');
    el.setAttribute('style', 'background-image: url("/b.png")'); // a slider moved on
    expect(s.intact()).toBe(false);
    expect(await s.show(pixels, 1)).toBe(false);
    expect(el.getAttribute('style')).toBe('background-image: url("/b.png")');
  });

  // happy-dom does not parse image-set(), so Brushwork's write is stood for by another url() here; what
  // the browser does with the real one is tests/e2e/page-mode.e2e.ts and restore.e2e.ts.
  it('pageStyleAfter: the page’s own later writes stay, Brushwork’s picture goes, the original comes back', () => {
    const original = 'background-image: url("/a.png"); opacity: 1';
    const written = 'background-image: url("data:ours") !important; opacity: 1';
    const current = `${written}; transform: translateY(12px)`;
    const after = element(pageStyleAfter(original, written, current));
    expect(after.style.getPropertyValue('transform')).toBe('translateY(12px)');
    expect(after.style.getPropertyValue('background-image')).toBe('url("/a.png")');
    expect(after.style.getPropertyPriority('background-image')).toBe('');
    expect(after.style.getPropertyValue('opacity')).toBe('1');
  });

  it('pageStyleAfter: a wholesale rewrite by the page is kept word for word', () => {
    expect(pageStyleAfter('color: red', 'color: red; background-image: image-set(url("x") 1x) !important', 'top: 0')).toBe('top: 0');
    expect(pageStyleAfter(null, 'background-image: image-set(url("x") 1x) !important', null)).toBeNull();
  });
});

describe('what page mode takes for a background picture', () => {
  const box = (el: Element, width: number, height: number) =>
    vi
      .spyOn(el, 'getBoundingClientRect')
      .mockReturnValue({ width, height, x: 0, y: 0, top: 0, left: 0, right: width, bottom: height, toJSON: () => ({}) });

  it('one raster picture of at least 64 px on both sides; not an SVG, not a gradient, not an icon', () => {
    const big = element('background-image: url("/photo.jpg")');
    box(big, 300, 200);
    expect(isBackgroundPicture(big)).toBe(true);
    box(big, 40, 200);
    expect(isBackgroundPicture(big)).toBe(false);
    const svg = element('background-image: url("/logo.svg")');
    box(svg, 300, 200);
    expect(isBackgroundPicture(svg)).toBe(false);
    const gradient = element('background-image: linear-gradient(red, blue)');
    box(gradient, 300, 200);
    expect(backgroundPictureUrl(gradient)).toBeNull();
    expect(isBackgroundPicture(gradient)).toBe(false);
    expect(isSvgUrl('data:image/svg+xml,<svg/>')).toBe(true);
  });
});
