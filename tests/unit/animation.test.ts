/**
 * Animated pictures (#27): timing read from GIF, APNG and WebP headers, the
 * caps checked before any frame is decoded, the page's byte budget for
 * painted frames, and the animated WebP the page shows (frames, durations,
 * play count) — decoded back by libvips to prove it is a valid file.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ANIMATION_PAGE_BYTES, animationPaintSize, MIN_ANIMATION_SIDE } from '../../src/page/controller/animation-frames';
import { frameChunks, muxAnimatedWebp } from '../../src/page/surfaces/animated-webp';
import { MAX_ANIMATION_DECODE_PIXELS, MAX_ANIMATION_FRAMES, refuseAnimation } from '../../src/runtime/animation-limits';
import { cycleMs, effectiveDelayMs, readAnimationTiming } from '../../src/shared/animation';
import { makeSceneFrames } from '../../src/shared/scene-frames';
import { sceneAnimation } from '../e2e/fixtures/animated';

/** A GIF built by hand: one GCE + image per delay (hundredths of a second), with a NETSCAPE2.0 loop count when given. */
function gif(delaysCs: number[], netscapeLoops?: number): Uint8Array {
  const head = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
  const netscape =
    netscapeLoops === undefined
      ? []
      : [0x21, 0xff, 11, ...new TextEncoder().encode('NETSCAPE2.0'), 3, 1, netscapeLoops & 0xff, netscapeLoops >> 8, 0];
  const frame = (cs: number) => [0x21, 0xf9, 4, 0, cs & 0xff, cs >> 8, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0];
  return new Uint8Array([...head, ...netscape, ...delaysCs.flatMap(frame), 0x3b]);
}

/** An APNG's chunk skeleton (no pixels: the timing is read from acTL and fcTL alone). */
function apng(delays: [number, number][], plays: number, declared = delays.length): Uint8Array {
  const chunk = (type: string, payload: number[]) => {
    const b = new Uint8Array(12 + payload.length);
    new DataView(b.buffer).setUint32(0, payload.length);
    b.set(new TextEncoder().encode(type), 4);
    b.set(payload, 8);
    return [...b];
  };
  const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  const u16 = (v: number) => [(v >> 8) & 255, v & 255];
  const fctl = (i: number, [num, den]: [number, number]) =>
    chunk('fcTL', [...u32(i), ...u32(1), ...u32(1), ...u32(0), ...u32(0), ...u16(num), ...u16(den), 0, 0]);
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [...u32(1), ...u32(1), 8, 6, 0, 0, 0]),
    ...chunk('acTL', [...u32(declared), ...u32(plays)]),
    ...delays.flatMap((d, i) => fctl(i, d)),
    ...chunk('IEND', []),
  ]);
}

describe('animation timing from the header', () => {
  it('reads a GIF’s delays (hundredths) and loop count: none plays once, 0 for ever, n plays n + 1 times', () => {
    expect(readAnimationTiming(gif([10, 20, 5]))).toEqual({ delaysMs: [100, 200, 50], plays: 1 });
    expect(readAnimationTiming(gif([10, 10], 0))?.plays).toBe(0);
    expect(readAnimationTiming(gif([10, 10], 2))?.plays).toBe(3);
  });

  it('shows frames of 10 ms or less for 100 ms, as browsers do', () => {
    expect(readAnimationTiming(gif([0, 1, 2]))?.delaysMs).toEqual([100, 100, 20]);
    expect([0, 10, 11].map(effectiveDelayMs)).toEqual([100, 100, 11]);
  });

  it('is null for a still picture and a one-frame GIF', async () => {
    expect(readAnimationTiming(gif([10]))).toBeNull();
    expect(
      readAnimationTiming(
        new Uint8Array(
          await sharp({ create: { width: 4, height: 3, channels: 3, background: '#840' } })
            .png()
            .toBuffer(),
        ),
      ),
    ).toBeNull();
    expect(readAnimationTiming(new TextEncoder().encode('<svg/>'))).toBeNull();
  });

  it('reads an APNG’s fcTL delays (a denominator of 0 meaning 1/100) and acTL plays, trusting acTL’s frame count', () => {
    expect(
      readAnimationTiming(
        apng(
          [
            [1, 10],
            [25, 0],
            [1, 2],
          ],
          0,
        ),
      ),
    ).toEqual({ delaysMs: [100, 250, 500], plays: 0 });
    expect(
      readAnimationTiming(
        apng(
          [
            [1, 10],
            [1, 10],
            [1, 10],
          ],
          3,
          2,
        ),
      ),
    ).toEqual({ delaysMs: [100, 100], plays: 3 });
  });

  it('reads what sharp writes: an animated GIF and WebP of the scene at 10 fps', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const file = await sceneAnimation({ width: 40, height: 30, frames: 4, delayMs: 100, loop: 0 }, format);
      expect(readAnimationTiming(new Uint8Array(file))).toEqual({ delaysMs: [100, 100, 100, 100], plays: 0 });
    }
    expect(cycleMs({ delaysMs: [100, 100, 250], plays: 0 })).toBe(450);
  });

  it('survives a header cut anywhere (null or a shorter timing, never a throw)', async () => {
    const file = new Uint8Array(await sceneAnimation({ width: 16, height: 12, frames: 3 }, 'webp'));
    for (let n = 0; n < file.length; n += 7) expect(() => readAnimationTiming(file.subarray(0, n))).not.toThrow();
  });
});

describe('caps before decoding', () => {
  const timing = (frames: number) => ({ delaysMs: Array(frames).fill(100), plays: 0 });

  it('lets a 400×300 GIF of 100 frames through', () => {
    expect(refuseAnimation(timing(100), 400, 300)).toBeNull();
  });

  it('refuses more frames than the cap, and more frames × pixels than the decode budget, as skipped with the numbers', () => {
    expect(refuseAnimation(timing(MAX_ANIMATION_FRAMES + 1), 10, 10)).toMatchObject({
      kind: 'skipped',
      message: expect.stringMatching(/501/),
    });
    const side = Math.ceil(Math.sqrt(MAX_ANIMATION_DECODE_PIXELS / 100)) + 1;
    expect(refuseAnimation(timing(100), side, side)).toMatchObject({
      kind: 'skipped',
      message: expect.stringMatching(/megapixels to decode/),
    });
  });
});

describe('painted frames on the page: a byte budget', () => {
  const size = { width: 400, height: 300, density: 1 };

  it('keeps the size when every frame’s original and painted pixels fit', () => {
    expect(animationPaintSize(size, 10)).toBe(size);
  });

  it('paints a long animation smaller to fit, keeping the aspect and the layout density', () => {
    const at = animationPaintSize(size, 400);
    expect(at).not.toBeNull();
    const { width, height, density } = at as typeof size;
    expect(width * height * 8 * 400).toBeLessThanOrEqual(ANIMATION_PAGE_BYTES);
    expect(width / height).toBeCloseTo(4 / 3, 1);
    expect(density).toBeCloseTo(width / 400, 6);
  });

  it('gives up (null) when the frames would be painted below the smallest side', () => {
    expect(animationPaintSize(size, 10, 10 * 8 * (MIN_ANIMATION_SIDE - 1) * 30)).toBeNull();
  });
});

describe('the animated WebP the page shows', () => {
  const W = 32;
  const H = 24;
  const stills = async (lossless: boolean) =>
    Promise.all(
      makeSceneFrames(W, H, 3, 5).map(
        async (f) =>
          new Uint8Array(
            await sharp(Buffer.from(f.data.buffer), { raw: { width: W, height: H, channels: 4 } })
              .webp({ lossless })
              .toBuffer(),
          ),
      ),
    );

  it('holds every frame, in order, with the original’s durations and play count (libvips reads it back)', async () => {
    const frames = await stills(true);
    const file = muxAnimatedWebp(frames, W, H, { delaysMs: [100, 250, 40], plays: 0 });
    expect(readAnimationTiming(file)).toEqual({ delaysMs: [100, 250, 40], plays: 0 });
    const meta = await sharp(file, { animated: true }).metadata();
    expect(meta).toMatchObject({ pages: 3, pageHeight: H, width: W, loop: 0, delay: [100, 250, 40] });
    const decoded = await sharp(file, { animated: true }).ensureAlpha().raw().toBuffer();
    for (const [i, still] of frames.entries()) {
      const expected = await sharp(still).ensureAlpha().raw().toBuffer();
      expect(decoded.subarray(i * W * H * 4, (i + 1) * W * H * 4).equals(expected)).toBe(true);
    }
  });

  it('plays a finite animation as many times as the original (WebP’s loop count is the number of plays)', async () => {
    const file = muxAnimatedWebp(await stills(false), W, H, { delaysMs: [100, 100, 100], plays: 3 });
    expect((await sharp(file, { animated: true }).metadata()).loop).toBe(3);
    expect(readAnimationTiming(file)?.plays).toBe(3);
  });

  it('refuses frames and durations that do not match, and a frame that is not a still WebP', async () => {
    const frames = await stills(false);
    expect(() => muxAnimatedWebp(frames, W, H, { delaysMs: [100], plays: 0 })).toThrow(/one encoded frame per frame duration/);
    expect(() => frameChunks(new Uint8Array(30))).toThrow(/still WebP/);
    const animated = new Uint8Array(await sceneAnimation({ width: 8, height: 6, frames: 2 }, 'webp'));
    expect(() => frameChunks(animated)).toThrow(/animation/);
  });
});
