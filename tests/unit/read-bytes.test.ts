// @vitest-environment happy-dom
/**
 * readBytesInPage (#22 part 5): the page reads only what it may (same origin
 * with its own credentials, CORS without them, and only where a loaded
 * <img crossorigin> proved the server grants it, #30), never data: or other schemes,
 * and gives up quietly (the extension's fetcher decides next) on errors and on
 * bodies over the cap, which are never buffered whole.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readBytesInPage } from '../../src/page/controller/read-bytes';

beforeEach(() => {
  vi.stubGlobal('location', new URL('https://site.example/article'));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** An <img> as the page left it: `crossorigin`, loaded (complete, with a size) and showing `src`. */
function loadedImg(src: string, crossOrigin: string | null, state: { complete?: boolean; naturalWidth?: number } = {}): HTMLImageElement {
  const img = document.createElement('img');
  if (crossOrigin !== null) img.setAttribute('crossorigin', crossOrigin);
  Object.defineProperties(img, {
    complete: { value: state.complete ?? true },
    naturalWidth: { value: state.naturalWidth ?? 240 },
    currentSrc: { value: src },
  });
  return img;
}

const png = () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/png' } });

describe('readBytesInPage', () => {
  it('reads its own pictures with its own credentials, and other sites’ by CORS without them', async () => {
    const fetch = vi.fn(async () => png());
    vi.stubGlobal('fetch', fetch);
    expect(await readBytesInPage('/img/a.png')).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(fetch).toHaveBeenLastCalledWith('/img/a.png', expect.objectContaining({ mode: 'same-origin', credentials: 'same-origin' }));
    await readBytesInPage('https://cdn.example/b.png', loadedImg('https://cdn.example/b.png', 'anonymous'));
    expect(fetch).toHaveBeenLastCalledWith('https://cdn.example/b.png', expect.objectContaining({ mode: 'cors', credentials: 'omit' }));
    await readBytesInPage('https://cdn.example/c.png', loadedImg('https://cdn.example/c.png', 'use-credentials'));
    expect(fetch).toHaveBeenLastCalledWith('https://cdn.example/c.png', expect.objectContaining({ mode: 'cors', credentials: 'include' }));
  });

  it('never tries a CORS read it cannot know will pass: the refusal would be logged in the page’s console (#30)', async () => {
    const fetch = vi.fn(async () => png());
    vi.stubGlobal('fetch', fetch);
    const url = 'https://cdn.example/b.png';
    // No element (a CSS background, Save), no crossorigin attribute, not loaded yet, broken, or showing another picture.
    expect(await readBytesInPage(url)).toBeUndefined();
    expect(await readBytesInPage(url, loadedImg(url, null))).toBeUndefined();
    expect(await readBytesInPage(url, loadedImg(url, 'anonymous', { complete: false }))).toBeUndefined();
    expect(await readBytesInPage(url, loadedImg(url, 'anonymous', { naturalWidth: 0 }))).toBeUndefined();
    expect(await readBytesInPage(url, loadedImg('https://cdn.example/other.png', 'anonymous'))).toBeUndefined();
    expect(await readBytesInPage(url, document.createElement('div'))).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('leaves data:, file: and unparsable URLs to the runtime without fetching', async () => {
    const fetch = vi.fn(async () => png());
    vi.stubGlobal('fetch', fetch);
    for (const url of ['data:image/png;base64,AA', 'file:///etc/passwd', 'http://[bad']) expect(await readBytesInPage(url)).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('gives up quietly on an HTTP error or a refused CORS read', async () => {
    vi.stubGlobal('fetch', async () => new Response('no', { status: 403 }));
    expect(await readBytesInPage('/a.png')).toBeUndefined();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const url = 'https://cdn.example/b.png';
    expect(await readBytesInPage(url, loadedImg(url, 'anonymous'))).toBeUndefined();
  });

  it('stops reading a body without a length once it passes the cap', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    vi.stubGlobal('fetch', async () => new Response(endless));
    expect(await readBytesInPage('/endless.png', undefined, 1024 * 1024)).toBeUndefined();
    expect(pulled).toBeLessThan(40); // 16 chunks reach the cap; an unbounded read would never return
  });
});
