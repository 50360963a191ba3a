// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { clearState, getState, setState } from '../../src/page/marks';
import { applyToImg, restoreImg, snapshotImg } from '../../src/page/surfaces/img-target';
import { stylizeSize } from '../../src/page/surfaces/sizing';

const DATA = 'data:image/webp;base64,UklGRg==';

describe('putting a result into an <img> and taking it back out', () => {
  it('restores attributes exactly, in their original order', () => {
    document.body.innerHTML = '<img id="a" alt="x" src="/a.png" loading="lazy" sizes="50vw" srcset="/a.png 1x, /b.png 2x" class="c">';
    const img = document.querySelector('img') as HTMLImageElement;
    const before = document.body.innerHTML;
    const snap = snapshotImg(img);
    applyToImg(img, snap, DATA, 0.5);
    setState(img, 'done');
    expect(img.getAttribute('src')).toBe(DATA);
    expect(img.getAttribute('srcset')).toBe(`${DATA} 0.5x`);
    expect(img.getAttribute('loading')).toBe('eager');
    restoreImg(img, snap);
    clearState(img);
    expect(document.body.innerHTML).toBe(before);
  });

  it('removes attributes it added and handles <picture> sources', () => {
    document.body.innerHTML =
      '<picture><source srcset="/a.avif" type="image/avif"><source media="(min-width: 1px)" srcset="/a.webp"><img src="/a.png"></picture>';
    const img = document.querySelector('img') as HTMLImageElement;
    const before = document.body.innerHTML;
    const snap = snapshotImg(img);
    expect(snap.sources).toHaveLength(2);
    applyToImg(img, snap, DATA, 1);
    for (const s of document.querySelectorAll('source')) expect(s.getAttribute('srcset')).toBe(`${DATA} 1x`);
    restoreImg(img, snap);
    expect(document.body.innerHTML).toBe(before);
  });

  it('marks states with a reason and clears them without trace', () => {
    document.body.innerHTML = '<img src="/x.png">';
    const img = document.querySelector('img') as HTMLImageElement;
    setState(img, 'error', 'the server answered 404');
    expect(getState(img)).toBe('error');
    expect(img.getAttribute('data-brushwork-reason')).toBe('the server answered 404');
    setState(img, 'pending');
    expect(img.hasAttribute('data-brushwork-reason')).toBe(false);
    clearState(img);
    expect(document.body.innerHTML).toBe('<img src="/x.png">');
  });
});

describe('stylize size', () => {
  it('uses the displayed size × devicePixelRatio, keeping the picture’s aspect ratio', () => {
    expect(stylizeSize({ width: 4000, height: 3000 }, { width: 400, height: 300 }, 2, 1024)).toEqual({
      width: 800,
      height: 600,
      density: 0.2,
    });
  });
  it('never upscales', () => {
    expect(stylizeSize({ width: 200, height: 100 }, { width: 800, height: 400 }, 1, 1024)).toEqual({ width: 200, height: 100, density: 1 });
  });
  it('covers an object-fit: cover box on both axes', () => {
    expect(stylizeSize({ width: 1000, height: 500 }, { width: 100, height: 100 }, 1, 1024)).toEqual({
      width: 200,
      height: 100,
      density: 0.2,
    });
  });
  it('caps the long side', () => {
    expect(stylizeSize({ width: 3000, height: 1500 }, { width: 3000, height: 1500 }, 1, 1024)?.width).toBe(1024);
  });
  it('refuses empty boxes and images', () => {
    expect(stylizeSize({ width: 0, height: 10 }, { width: 10, height: 10 }, 1, 1024)).toBeNull();
    expect(stylizeSize({ width: 10, height: 10 }, { width: 0, height: 0 }, 1, 1024)).toBeNull();
  });
});
