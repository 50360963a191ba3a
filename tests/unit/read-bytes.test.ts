/**
 * readBytesInPage (#22 part 5): the page reads only what it may (same origin
 * with its own credentials, CORS without them), never data: or other schemes,
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

const png = () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/png' } });

describe('readBytesInPage', () => {
  it('reads its own pictures with its own credentials, and other sites’ by CORS without them', async () => {
    const fetch = vi.fn(async () => png());
    vi.stubGlobal('fetch', fetch);
    expect(await readBytesInPage('/img/a.png')).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(fetch).toHaveBeenLastCalledWith('/img/a.png', expect.objectContaining({ mode: 'same-origin', credentials: 'same-origin' }));
    await readBytesInPage('https://cdn.example/b.png');
    expect(fetch).toHaveBeenLastCalledWith('https://cdn.example/b.png', expect.objectContaining({ mode: 'cors', credentials: 'omit' }));
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
    expect(await readBytesInPage('https://cdn.example/b.png')).toBeUndefined();
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
    expect(await readBytesInPage('/endless.png', 1024 * 1024)).toBeUndefined();
    expect(pulled).toBeLessThan(40); // 16 chunks reach the cap; an unbounded read would never return
  });
});
