// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { clearState, getState, setState } from '../../src/page/marks';
import { adoptPageChange, applyToImg, matchesSnapshot, resultCandidate, snapshotImg, takeBack } from '../../src/page/surfaces/img-target';
import { stylizeSize } from '../../src/page/surfaces/sizing';

const DATA = 'data:image/webp;base64,UklGRg==';

describe('putting a result into an <img> and taking it back out', () => {
  it('restores attributes exactly, in their original order', () => {
    document.body.innerHTML = '<img id="a" alt="x" src="/a.png" loading="lazy" sizes="50vw" srcset="/a.png 1x, /b.png 2x" class="c">';
    const img = document.querySelector('img') as HTMLImageElement;
    const before = document.body.innerHTML;
    const snap = snapshotImg(img);
    const applied = applyToImg(img, snap, DATA, 100, 0.5);
    setState(img, 'done');
    expect(img.getAttribute('src')).toBe(DATA);
    expect(img.getAttribute('srcset')).toBe(`${DATA} 100w`);
    expect(img.getAttribute('sizes')).toBe('200px'); // written over the page's own, in place
    expect(img.getAttribute('loading')).toBe('eager');
    takeBack(img, snap, applied);
    clearState(img);
    expect(document.body.innerHTML).toBe(before);
  });

  it('shows a result under the 1024-px cap at the original’s intrinsic size with a width descriptor, src kept non-empty (#29)', () => {
    // 1600×1200 painted at 1024×768: density 0.64. A density descriptor left `src` competing as a 1x candidate.
    document.body.innerHTML = '<img id="a" src="/large.png" alt="a large photo">';
    const img = document.querySelector('img') as HTMLImageElement;
    const before = document.body.innerHTML;
    const snap = snapshotImg(img);
    const watch = new MutationObserver(() => undefined); // read synchronously with takeRecords()
    watch.observe(img, { attributes: true, attributeOldValue: true, attributeFilter: ['src', 'srcset', 'sizes'] });
    const applied = applyToImg(img, snap, DATA, 1024, 1024 / 1600);
    expect([img.getAttribute('src'), img.getAttribute('srcset'), img.getAttribute('sizes')]).toEqual([DATA, `${DATA} 1024w`, '1600px']);
    takeBack(img, snap, applied);
    expect(document.body.innerHTML).toBe(before);
    const records = watch.takeRecords().map((r) => [r.attributeName, r.oldValue]);
    watch.disconnect();
    // Painted: sizes before srcset, so our srcset is never read at another sizes. Taken back: our srcset goes
    // at density 1 (sizes = the result's own 1024 px; Chromium keeps the last srcset density for `src`),
    // then `src` (never empty on the way), then `sizes`.
    expect(records).toEqual([
      ['sizes', null],
      ['srcset', null],
      ['src', '/large.png'],
      ['sizes', '1600px'],
      ['srcset', `${DATA} 1024w`],
      ['src', DATA],
      ['sizes', '1024px'],
    ]);
  });

  it('a page’s own sizes written over ours is kept, and our srcset still goes at density 1', () => {
    document.body.innerHTML = '<img id="a" src="/large.png" alt="x">';
    const img = document.querySelector('img') as HTMLImageElement;
    const snap = snapshotImg(img);
    const applied = applyToImg(img, snap, DATA, 1024, 0.64);
    img.setAttribute('sizes', '50vw'); // the page's own write
    takeBack(img, snap, applied);
    expect(img.outerHTML).toBe('<img id="a" src="/large.png" alt="x" sizes="50vw">');
  });

  it('the candidate’s sizes is the original’s intrinsic width, for the first look and the full size alike', () => {
    expect(resultCandidate(DATA, 1024, 0.64)).toEqual({ srcset: `${DATA} 1024w`, sizes: '1600px' });
    expect(resultCandidate(DATA, 512, 0.32)).toEqual({ srcset: `${DATA} 512w`, sizes: '1600px' }); // the half-size first look
    expect(resultCandidate(DATA, 1023, 1023 / 6000)).toEqual({ srcset: `${DATA} 1023w`, sizes: '6000px' });
    expect(resultCandidate(DATA, 400, 2)).toEqual({ srcset: `${DATA} 400w`, sizes: '200px' }); // a 2x original shown at 200 px
    const { width, density } = stylizeSize({ width: 1600, height: 1200 }, { width: 1600, height: 1200 }, 1, 1024) ?? {
      width: 0,
      density: 0,
    };
    expect(resultCandidate(DATA, width, density).sizes).toBe('1600px');
  });

  it('removes attributes it added and handles <picture> sources', () => {
    document.body.innerHTML =
      '<picture><source srcset="/a.avif" type="image/avif"><source media="(min-width: 1px)" srcset="/a.webp"><img src="/a.png"></picture>';
    const img = document.querySelector('img') as HTMLImageElement;
    const before = document.body.innerHTML;
    const snap = snapshotImg(img);
    expect(snap.sources).toHaveLength(2);
    const applied = applyToImg(img, snap, DATA, 320, 1);
    for (const s of document.querySelectorAll('source')) {
      expect(s.getAttribute('srcset')).toBe(`${DATA} 320w`);
      expect(s.getAttribute('sizes')).toBe('320px'); // a <source>'s own sizes applies to its srcset
    }
    takeBack(img, snap, applied);
    expect(document.body.innerHTML).toBe(before);
  });

  it('taking back keeps what the page wrote after Brushwork: the page wins', () => {
    document.body.innerHTML = '<img id="a" src="/a.png" srcset="/a.png 1x, /b.png 2x" loading="lazy">';
    const img = document.querySelector('img') as HTMLImageElement;
    const snap = snapshotImg(img);
    const applied = applyToImg(img, snap, DATA, 320, 1);
    img.setAttribute('src', '/new.png'); // the page re-renders
    img.setAttribute('srcset', '/new.png 1x');
    takeBack(img, snap, applied);
    expect(img.getAttribute('src')).toBe('/new.png');
    expect(img.getAttribute('srcset')).toBe('/new.png 1x');
    expect(img.getAttribute('loading')).toBe('lazy'); // ours (eager) still in place: the original comes back
  });

  it('notices a page change before anything was written, and adopts it as the new original', () => {
    document.body.innerHTML = '<picture><source srcset="/a.webp"><img src="/a.png"></picture>';
    const img = document.querySelector('img') as HTMLImageElement;
    const snap = snapshotImg(img);
    expect(matchesSnapshot(img, snap)).toBe(true);
    img.setAttribute('src', '/b.png');
    expect(matchesSnapshot(img, snap)).toBe(false);
    const adopted = adoptPageChange(img, snap, undefined);
    expect(adopted.img.get('src')).toBe('/b.png');
    expect(img.getAttribute('src')).toBe('/b.png');
    (document.querySelector('source') as HTMLSourceElement).setAttribute('srcset', '/c.webp');
    expect(matchesSnapshot(img, adopted)).toBe(false);
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
  it('keeps the picture’s own aspect ratio when it resizes, so a width-only <img> keeps its height (#30)', () => {
    const size = stylizeSize({ width: 6000, height: 4000 }, { width: 6000, height: 4000 }, 1, 1024);
    expect(size).toMatchObject({ width: 1023, height: 682 });
    expect(((size?.height ?? 0) / (size?.width ?? 1)) * 6000).toBe(4000);
  });
  it('refuses empty boxes and images', () => {
    expect(stylizeSize({ width: 0, height: 10 }, { width: 10, height: 10 }, 1, 1024)).toBeNull();
    expect(stylizeSize({ width: 10, height: 10 }, { width: 0, height: 0 }, 1, 1024)).toBeNull();
  });
});
