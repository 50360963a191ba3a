import { describe, expect, it } from 'vitest';
import { FramePacer } from '../../src/page/video/frame-pacer';

const VSYNC = 1000 / 60;

/** Presentation times of a `fps` clip shown on a 60 Hz compositor: each frame at the first vsync at or after it is due, plus `lateEvery`-th frames a vsync late. */
function presented(fps: number, frames: number, lateEvery = 0): number[] {
  return Array.from({ length: frames }, (_, i) => {
    const due = Math.ceil((i * 1000) / fps / VSYNC - 1e-9) * VSYNC;
    return lateEvery && i % lateEvery === lateEvery - 1 ? due + VSYNC : due;
  });
}

function admitted(times: number[], maxFps: number): number {
  const p = new FramePacer();
  return times.filter((t) => p.admit(t, maxFps)).length;
}

describe('FramePacer (the frame-rate cap)', () => {
  it('paints every frame of a 30 fps clip under a 30 fps cap, on an exact vsync grid', () => {
    expect(admitted(presented(30, 300), 30)).toBe(300);
  });

  it('paints every frame of a 30 fps clip whose frames sometimes show a vsync late (the next one 16.7 ms after)', () => {
    const times = presented(30, 300, 4);
    // The clip really has such pairs: a frame 16.7 ms after the one before it.
    expect(times.some((t, i) => i > 0 && t - (times[i - 1] as number) < 20)).toBe(true);
    expect(admitted(times, 30)).toBe(300);
  });

  it('holds a 60 fps clip to the 30 fps cap over 10 s', () => {
    const n = admitted(presented(60, 600), 30);
    expect(n).toBeGreaterThanOrEqual(299);
    expect(n).toBeLessThanOrEqual(302); // the bucket's burst, once
  });

  it('holds a 30 fps clip to a 10 fps cap, and counts what it refused', () => {
    const p = new FramePacer();
    const n = presented(30, 300).filter((t) => p.admit(t, 10)).length;
    expect(n).toBeGreaterThanOrEqual(100);
    expect(n).toBeLessThanOrEqual(102);
    expect(p.refused).toBe(300 - n);
  });

  it('never lets a long pause store up more than a short burst', () => {
    const p = new FramePacer();
    p.admit(0, 30);
    const after = [10_000, 10_001, 10_002, 10_003].filter((t) => p.admit(t, 30)).length;
    expect(after).toBe(2);
  });
});
