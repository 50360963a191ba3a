// @vitest-environment happy-dom
/**
 * Brushwork's own picture writes do not run the page's load handlers (#30):
 * the load that answers a write of Brushwork's is stopped before the page's
 * listeners, in the document and in shadow roots; a load the page caused
 * (it wrote src itself meanwhile) goes through; Brushwork's own waits still
 * hear about it. The browser's loads are stood for by dispatched events.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/page/surfaces/data-url', () => ({ pixelsToDataUrl: async () => 'data:image/webp;base64,UklGRg==' }));

const { ImgSurface } = await import('../../src/page/surfaces/img-surface');
const { ownPictureWrite, pictureSignature, settled } = await import('../../src/page/quiet-load');

const pixels = { width: 2, height: 2, data: new Uint8ClampedArray(16) };

/** The loads stood for here (happy-dom also fires its own for data: URLs, which these tests do not count). */
const STOOD_FOR = Symbol('load stood for');

function counted(img: HTMLImageElement): { loads: number } {
  const seen = { loads: 0 };
  img.addEventListener('load', (e) => {
    if (STOOD_FOR in e) seen.loads++;
  });
  return seen;
}

const load = (img: HTMLImageElement) => img.dispatchEvent(Object.assign(new Event('load'), { [STOOD_FOR]: true }));

beforeEach(() => {
  document.body.innerHTML = '<img id="p" src="https://site.example/a.jpg" alt="">';
});

describe('the page’s load handlers (#30)', () => {
  it('do not run for the load of Brushwork’s picture, nor for the page’s picture given back on restore', async () => {
    const img = document.getElementById('p') as HTMLImageElement;
    const page = counted(img);
    const s = new ImgSurface(img);
    expect(await s.show(pixels, 1)).toBe(true);
    load(img);
    s.restore();
    load(img);
    expect(page.loads).toBe(0);
    load(img); // a load nobody expected (the page reloaded the picture itself) is the page's
    expect(page.loads).toBe(1);
  });

  it('run when the page wrote the picture itself after Brushwork did', async () => {
    const img = document.getElementById('p') as HTMLImageElement;
    const page = counted(img);
    const s = new ImgSurface(img);
    await s.show(pixels, 1);
    img.setAttribute('src', 'https://site.example/next.jpg'); // the page moves on before our load arrived
    load(img);
    expect(page.loads).toBe(1);
  });

  it('are kept from loads inside a shadow root too, where load does not reach the document', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<img src="https://site.example/s.jpg">';
    const img = root.querySelector('img') as HTMLImageElement;
    const page = counted(img);
    const before = pictureSignature(img);
    img.setAttribute('src', 'data:image/webp;base64,UklGRg==');
    ownPictureWrite(img, before);
    load(img);
    expect(page.loads).toBe(0);
  });

  it('Brushwork’s own waits still hear the load it keeps from the page', async () => {
    const img = document.getElementById('p') as HTMLImageElement;
    const s = new ImgSurface(img);
    await s.show(pixels, 1);
    s.restore();
    const heard = new Promise<void>((resolve) => settled(img, resolve));
    load(img);
    await heard;
  });

  it('nothing written, nothing expected: an unchanged picture’s next load is the page’s', () => {
    const img = document.getElementById('p') as HTMLImageElement;
    const page = counted(img);
    ownPictureWrite(img, pictureSignature(img));
    load(img);
    expect(page.loads).toBe(1);
  });
});
