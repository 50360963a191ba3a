/**
 * fetchImageBytes (#22 part 5): what it refuses before any request, what it
 * refuses from a response before reading the body, and its byte cap and
 * timeout, with fetch stubbed (the real network is another test's business:
 * tests/e2e/cross-origin.e2e.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeDataUrl, fetchImageBytes } from '../../src/runtime/browser/fetch-image';

const PNG_HEAD = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function respond(body: BodyInit | null, init: ResponseInit & { url?: string } = {}): Response {
  const r = new Response(body, init);
  if (init.url) Object.defineProperty(r, 'url', { value: init.url });
  return r;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('before any request', () => {
  it.each([
    ['file:///etc/passwd', 'no-permission'],
    ['ftp://a.example/x.png', 'no-permission'],
    ['not a url', 'unreadable'],
    ['http://192.168.1.1/cam.jpg', 'skipped'],
    ['http://localhost/x.png', 'skipped'],
    ['https://a.example:8443/x.png', 'skipped'],
  ])('refuses %s as %s and never calls fetch', async (url, kind) => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await expect(fetchImageBytes(url)).rejects.toMatchObject({ kind });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('decodes image data: URLs itself and refuses other data', async () => {
    expect([...decodeDataUrl('data:image/png;base64,iVBORw==')]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(() => decodeDataUrl('data:text/html,<p>hi')).toThrow(/text\/html, not an image/);
    expect(() => decodeDataUrl('data:nonsense')).toThrow(/malformed/);
  });
});

describe('from the response', () => {
  it('asks without cookies or referrer, and returns the bytes', async () => {
    const fetch = vi.fn(async () => respond(PNG_HEAD, { headers: { 'content-type': 'image/png' } }));
    vi.stubGlobal('fetch', fetch);
    expect([...(await fetchImageBytes('https://a.example/x.png'))]).toEqual([...PNG_HEAD]);
    expect(fetch).toHaveBeenCalledWith(
      'https://a.example/x.png',
      expect.objectContaining({ credentials: 'omit', referrerPolicy: 'no-referrer' }),
    );
  });

  it('refuses a redirect that landed on a private address, an HTTP error and a page that is not an image', async () => {
    vi.stubGlobal('fetch', async () => respond(PNG_HEAD, { url: 'http://10.0.0.1/x.png', headers: { 'content-type': 'image/png' } }));
    await expect(fetchImageBytes('https://a.example/x.png')).rejects.toMatchObject({ kind: 'skipped' });
    vi.stubGlobal('fetch', async () => respond('nope', { status: 404, statusText: 'Not Found' }));
    await expect(fetchImageBytes('https://a.example/x.png')).rejects.toMatchObject({
      kind: 'unreadable',
      message: 'the server answered 404 Not Found',
    });
    vi.stubGlobal('fetch', async () => respond('<html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    await expect(fetchImageBytes('https://a.example/x.png')).rejects.toMatchObject({
      kind: 'not-an-image',
      message: 'the server sent text/html, not an image',
    });
  });

  it('refuses a body over the cap, whether declared or streamed', async () => {
    vi.stubGlobal('fetch', async () =>
      respond(new Uint8Array(10), { headers: { 'content-type': 'image/png', 'content-length': '5000000' } }),
    );
    await expect(fetchImageBytes('https://a.example/x.png', undefined, 1000, 1_000_000)).rejects.toMatchObject({ kind: 'too-large' });
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(400_000)); // never ends on its own: the cap must stop it
      },
    });
    vi.stubGlobal('fetch', async () => respond(stream, { headers: { 'content-type': 'image/png' } }));
    await expect(fetchImageBytes('https://a.example/x.png', undefined, 1000, 1_000_000)).rejects.toMatchObject({
      kind: 'too-large',
      message: expect.stringMatching(/over 1 MB/),
    });
  });

  it('gives up after its timeout with kind timeout, and passes the caller’s cancellation through', async () => {
    const hang = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    vi.stubGlobal('fetch', hang);
    await expect(fetchImageBytes('https://a.example/x.png', undefined, 20)).rejects.toMatchObject({ kind: 'timeout' });
    const cancel = new AbortController();
    const p = fetchImageBytes('https://a.example/x.png', cancel.signal, 60_000);
    cancel.abort(new Error('the tab went away'));
    await expect(p).rejects.toThrow('the tab went away');
  });
});
