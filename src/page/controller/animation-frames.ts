/**
 * Painting an animated picture (#27). The runtime answers an animation's
 * first frame with its timing; every other frame is then asked for as a job
 * of its own, through the same path as a still picture (the same
 * readable-pixels and private-network rules, queue, caches and
 * cancellation), a few at a time through the job window, while the original
 * keeps moving on the page. The painted frames are shown only once all are
 * in: a half-painted animation would freeze or jump.
 */
import { t } from '../../i18n/t';
import { failure } from '../../messaging/errors';
import type { Failure } from '../../messaging/protocol';
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import type { StylizeSize } from '../surfaces/sizing';
import { JobWindow } from './job-window';
import { cancelJob, type JobAnswer, type JobSpec, newJobId, requestStylize } from './jobs';

/**
 * Pixels one animation keeps on the page (each frame's original and painted
 * pixels, for re-blending at another intensity): 64 MiB, e.g. 70 frames of
 * 400×300. A longer animation is painted smaller to fit, never dropped.
 */
export const ANIMATION_PAGE_BYTES = 64 * 1024 * 1024;

/** Below this long side a painted animation would be a blur of its original: it is left as it is. */
export const MIN_ANIMATION_SIDE = 48;

/** Frame jobs out at once for a picture a person asked for (the menu), which has no page window: one per engine on two cores. */
export const MENU_FRAME_JOBS = 2;

export interface PaintedFrame {
  original: RgbaImage;
  stylized: RgbaImage;
}

/** The size to paint `frames` frames at so that they fit the page's budget (aspect and layout density kept), or null when too small. */
export function animationPaintSize(size: StylizeSize, frames: number, budget = ANIMATION_PAGE_BYTES): StylizeSize | null {
  const bytesPerPixel = 8 * frames; // RGBA original + RGBA painted, per frame
  if (size.width * size.height * bytesPerPixel <= budget) return size;
  const scale = Math.sqrt(budget / (bytesPerPixel * size.width * size.height));
  const width = Math.floor(size.width * scale);
  const height = Math.floor(size.height * scale);
  if (Math.max(width, height) < MIN_ANIMATION_SIDE || Math.min(width, height) < 1) return null;
  return { width, height, density: (size.density * width) / size.width };
}

/** Waits while the tab is hidden: a background tab's animation costs no engine work until it is looked at. */
function whenVisible(): Promise<void> {
  if (typeof document === 'undefined' || !document.hidden) return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = () => {
      if (document.hidden) return;
      document.removeEventListener('visibilitychange', onChange);
      resolve();
    };
    document.addEventListener('visibilitychange', onChange);
  });
}

export interface FramesVia {
  current: () => boolean;
  /** The page's job window (page mode), or none (the menu: a small window of its own). */
  window: JobWindow | undefined;
  read: (url: string) => Promise<Uint8Array | undefined>;
  /** Called with a function that withdraws every frame job still out (restore, scrolled away). */
  onCancel: (cancel: () => void) => void;
}

export type PaintedAnimation = { frames: PaintedFrame[]; size: StylizeSize; timing: AnimationTiming };

/**
 * Every frame of the animation `first` answered for, painted at `size` (or smaller, to fit the page's
 * budget); a failure of any frame fails the whole (the original is then left as it is); null when the
 * picture was restored or superseded meanwhile.
 */
export async function paintFrames(
  job: Pick<JobSpec, 'url' | 'styleId' | 'priority'>,
  first: JobAnswer & { ok: true },
  size: StylizeSize,
  via: FramesVia,
): Promise<PaintedAnimation | Failure | null> {
  const timing = first.animation;
  if (!timing) return failure('engine', 'expected an animation to paint, found a still picture');
  const at = animationPaintSize(size, timing.delaysMs.length);
  if (!at) return failure('skipped', t('reasonAnimationTooSmall', timing.delaysMs.length, MIN_ANIMATION_SIDE));
  const frames: (PaintedFrame | undefined)[] = [];
  // The first frame came at the asked size, with its original (the runtime sends it for animations).
  if (at === size && first.original) frames[0] = { original: first.original, stylized: first.stylized };
  const window = via.window ?? new JobWindow(MENU_FRAME_JOBS);
  const out = new Set<string>();
  via.onCancel(() => {
    for (const id of out) cancelJob(id);
    out.clear();
  });
  let failed: Failure | undefined;
  const wanted = () => via.current() && !failed;
  const paintOne = async (frame: number) => {
    await whenVisible();
    if (!wanted()) return;
    const jobId = newJobId();
    out.add(jobId);
    const spec = { ...job, jobId, width: at.width, height: at.height, ...(frame > 0 ? { frame } : {}) };
    const res = await requestStylize(spec, wanted, window, via.read);
    out.delete(jobId);
    if (!res || !wanted()) return;
    if (!res.ok) failed = res;
    else if (!res.original) failed = failure('engine', `expected frame ${frame + 1}'s original with its painted frame, found none`);
    else frames[frame] = { original: res.original, stylized: res.stylized };
  };
  const todo = timing.delaysMs.map((_d, i) => i).filter((i) => !frames[i]);
  await Promise.all(todo.map(paintOne));
  if (failed) return failed;
  if (!via.current()) return null;
  const complete = frames.filter((f): f is PaintedFrame => f !== undefined);
  if (complete.length !== timing.delaysMs.length) return null;
  return { frames: complete, size: at, timing };
}
