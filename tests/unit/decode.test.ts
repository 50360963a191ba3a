/**
 * The offscreen decoder's checks before any decoder runs (#22 part 5): what
 * decodeAtSize refuses from the bytes alone, with the kind the page shows.
 * The decoding itself (createImageBitmap, OffscreenCanvas) is the browser's:
 * tests/e2e/reliability.e2e.ts feeds it corrupt, truncated and hostile files.
 */
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ANIMATION_FRAMES } from '../../src/runtime/animation-limits';
import { checkBeforeDecode } from '../../src/runtime/browser/decode';

const png = (w: number, h: number) =>
  sharp(Buffer.alloc(w * h * 3, 90), { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();

describe('checks before decoding', () => {
  it('lets an ordinary picture through', async () => {
    const bytes = new Uint8Array(await png(40, 30));
    expect(() => checkBeforeDecode(bytes)).not.toThrow();
  });

  it.each([
    ['an HTML page', new TextEncoder().encode('<!doctype html><p>404</p>'), 'not-an-image'],
    ['an SVG drawing', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'skipped'],
    [
      'a JPEG cut before its frame header',
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
      'unreadable',
    ],
  ])('refuses %s as %s', (_name, bytes, kind) => {
    expect(() => checkBeforeDecode(bytes)).toThrow(expect.objectContaining({ kind }));
  });

  it('refuses a header that declares 30,000² as too-large, naming the size', () => {
    const header = new Uint8Array(33);
    header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(header.buffer).setUint32(16, 30000);
    new DataView(header.buffer).setUint32(20, 30000);
    expect(() => checkBeforeDecode(header)).toThrow(
      expect.objectContaining({ kind: 'too-large', message: expect.stringMatching(/30000×30000/) }),
    );
  });

  const gifFrame = [0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00];
  const gifHead = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
  const animatedGif = (frames: number) => new Uint8Array([...gifHead, ...Array(frames).fill(gifFrame).flat(), 0x3b]);

  it('leaves an animation as it is (skipped, with the reason) where the browser has no ImageDecoder, rather than freezing it on one frame', () => {
    expect(() => checkBeforeDecode(animatedGif(2))).toThrow(
      expect.objectContaining({
        kind: 'skipped',
        message: 'animated image: left as it is (this browser has no ImageDecoder to read its frames)',
      }),
    );
  });

  describe('with ImageDecoder (#27)', () => {
    beforeEach(() => {
      (globalThis as { ImageDecoder?: unknown }).ImageDecoder = class {};
    });
    afterEach(() => {
      delete (globalThis as { ImageDecoder?: unknown }).ImageDecoder;
    });

    it('lets an animation through with its timing, and a still picture with none', async () => {
      expect(checkBeforeDecode(animatedGif(3))).toEqual({ delaysMs: [100, 100, 100], plays: 1 });
      expect(checkBeforeDecode(animatedGif(3), 2)).not.toBeNull();
      expect(checkBeforeDecode(new Uint8Array(await png(4, 3)))).toBeNull();
    });

    it('refuses a frame the animation does not have, and a frame of a still picture', async () => {
      expect(() => checkBeforeDecode(animatedGif(3), 3)).toThrow(expect.objectContaining({ kind: 'invalid' }));
      const still = new Uint8Array(await png(4, 3));
      expect(() => checkBeforeDecode(still, 1)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    });

    it('refuses, before decoding, an animation with more frames than the cap, naming both', () => {
      expect(() => checkBeforeDecode(animatedGif(MAX_ANIMATION_FRAMES + 1))).toThrow(
        expect.objectContaining({
          kind: 'skipped',
          message: expect.stringMatching(new RegExp(`at most ${MAX_ANIMATION_FRAMES} frames.*found ${MAX_ANIMATION_FRAMES + 1}`)),
        }),
      );
    });
  });
});
