// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { VideoOverlay } from '../../src/page/video/overlay';

/** A <video> in a box, with an overlay drawn (a 2×2 frame), as a painted video has. */
function overlaid(): { box: HTMLDivElement; video: HTMLVideoElement; overlay: VideoOverlay; canvas: HTMLCanvasElement } {
  const box = document.createElement('div');
  const video = document.createElement('video');
  box.append(video);
  document.body.append(box);
  const overlay = new VideoOverlay(video);
  overlay.draw({ width: 2, height: 2, close() {} } as unknown as ImageBitmap);
  return { box, video, overlay, canvas: overlay.element as HTMLCanvasElement };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('VideoOverlay shows when its video shows (#29)', () => {
  it('inherits its parent’s visibility as the video does: a box the page hides hides both, with no script', () => {
    const { box, overlay, canvas } = overlaid();
    expect(canvas.style.getPropertyValue('visibility')).toBe('inherit');
    expect(canvas.style.getPropertyPriority('visibility')).toBe('important');
    box.style.visibility = 'hidden';
    expect(overlay.followShown()).toBe(false);
    expect(canvas.style.getPropertyValue('visibility')).toBe('inherit');
  });

  it('follows the video’s own visibility and opacity where the page set them on the video itself', () => {
    const { video, overlay, canvas } = overlaid();
    expect(overlay.followShown()).toBe(true);
    video.style.visibility = 'hidden';
    expect(overlay.followShown()).toBe(false);
    expect(canvas.style.getPropertyValue('visibility')).toBe('hidden');
    video.style.visibility = '';
    video.style.opacity = '0';
    expect(overlay.followShown()).toBe(false);
    expect(canvas.style.getPropertyValue('opacity')).toBe('0');
    video.style.opacity = '0.5';
    expect(overlay.followShown()).toBe(true);
    expect(canvas.style.getPropertyValue('opacity')).toBe('0.5');
    expect(canvas.style.getPropertyValue('visibility')).toBe('inherit');
  });
});
