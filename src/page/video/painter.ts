/**
 * Paints one <video> live (#27). Frames are captured when the video presents
 * them (requestVideoFrameCallback; a requestAnimationFrame loop while playing
 * where a browser lacks it), resized on capture to the displayed size within
 * the size cap, sent to an engine (latest frame wins, latest-frame.ts) and the
 * painted frame is drawn on the overlay.
 *
 * CPU manners: a paused video presents no frames, so nothing runs after its
 * paused frame; a video scrolled out of view (IntersectionObserver), a hidden
 * tab (visibilitychange) or a video that is itself fullscreen asks for no
 * frames at all. A page whose videos are all paused costs nothing.
 */
import type { ImageState } from '../../messaging/protocol';
import type { PaintResult, VideoEngineLink } from './engine-link';
import { paintSize } from './geometry';
import { LatestFrameSlot } from './latest-frame';
import { VideoOverlay } from './overlay';
import { REASONS, unreadableReason } from './readable';

export interface VideoLook {
  styleId: string;
  intensity: number;
  keepColours: boolean;
  maxSide: number;
  maxFps: number;
}

export interface VideoPainterContext {
  link: VideoEngineLink;
  look: () => VideoLook;
  /** The video's state changed (painted, left as it is with a reason, failed). */
  report: (state: ImageState, reason?: string) => void;
}

/** What the frame path measured, per video (bench/video.ts reads it). */
export interface VideoStats {
  captured: number;
  painted: number;
  dropped: number;
  /** Painted frames that came back after a newer one was shown (two in flight), not shown. */
  late: number;
  /** Sum of milliseconds from a frame's capture to its painted frame drawn. */
  latencyMs: number;
  engineMs: { read: number; run: number; blend: number };
  /**
   * Per stage, summed over the frames shown: capture (the frame presented →
   * its resized ImageBitmap ready), hop (both transfers and any wait at the
   * engine, engine-link.ts) and show (drawing on the overlay).
   */
  stageMs: { capture: number; hop: number; show: number };
}

/** After this many failed frames in a row the video is marked failed (with the last reason) and left as it is. */
const FAILURES_TO_GIVE_UP = 3;

interface Captured {
  frame: ImageBitmap;
  at: number;
  /** Milliseconds from the frame's presentation to its ImageBitmap ready. */
  captureMs: number;
}

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Painters at work on this page, for their figures (bench/video.ts reads them, see start.ts). */
const live = new Set<VideoPainter>();

/** Each painting video's figures so far. */
export function liveVideoStats(): VideoStats[] {
  return [...live].map((p) => ({ ...p.stats, engineMs: { ...p.stats.engineMs }, stageMs: { ...p.stats.stageMs } }));
}

export class VideoPainter {
  private active = false;
  private inView = true;
  private refused: string | null = null;
  private handle = 0;
  private rafHandle = 0;
  private lastCapture = -Infinity;
  private painted = false;
  private readonly overlay: VideoOverlay;
  private readonly slot: LatestFrameSlot<Captured>;
  private readonly seen: IntersectionObserver;
  private readonly resized: ResizeObserver;
  readonly stats: VideoStats = {
    captured: 0,
    painted: 0,
    dropped: 0,
    late: 0,
    latencyMs: 0,
    engineMs: { read: 0, run: 0, blend: 0 },
    stageMs: { capture: 0, hop: 0, show: 0 },
  };

  constructor(
    private readonly video: VideoWithCallback,
    private readonly ctx: VideoPainterContext,
  ) {
    this.overlay = new VideoOverlay(video);
    // Two frames in flight while an engine is idle (latest-frame.ts says why not bands).
    this.slot = new LatestFrameSlot<Captured>(
      (c, seq) => void this.send(c, seq),
      (c) => c.frame.close(),
      () => ctx.link.idle,
    );
    this.seen = new IntersectionObserver((entries) => {
      const e = entries.at(-1);
      if (e) this.setInView(e.isIntersecting);
    });
    this.resized = new ResizeObserver(() => this.onResize());
  }

  get overlayElement(): HTMLCanvasElement | null {
    return this.overlay.element;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    live.add(this);
    for (const [type, fn] of this.listeners) this.video.addEventListener(type, fn);
    document.addEventListener('visibilitychange', this.onVisibility);
    document.addEventListener('fullscreenchange', this.onFullscreen);
    addEventListener('resize', this.relayout);
    document.addEventListener('scroll', this.relayout, { capture: true, passive: true });
    this.seen.observe(this.video);
    this.resized.observe(this.video);
    this.check();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    live.delete(this);
    for (const [type, fn] of this.listeners) this.video.removeEventListener(type, fn);
    document.removeEventListener('visibilitychange', this.onVisibility);
    document.removeEventListener('fullscreenchange', this.onFullscreen);
    removeEventListener('resize', this.relayout);
    document.removeEventListener('scroll', this.relayout, { capture: true });
    this.seen.disconnect();
    this.resized.disconnect();
    this.unschedule();
    this.slot.clear();
    this.overlay.remove();
  }

  /** The look changed (style, intensity, colours): a paused video shows its frame in the new look. */
  refresh(): void {
    if (this.active && !this.refused) this.captureNow();
  }

  private hovered = false;
  /** Frames failed in a row: one is skipped (the next may paint), several mean the engine cannot. */
  private failures = 0;
  private readonly listeners: [string, () => void][] = [
    ['loadeddata', () => this.check()],
    ['emptied', () => this.unschedule()],
    ['play', () => this.schedule()],
    ['pause', () => this.captureNow()], // the paused frame, painted even if the frame-rate cap skipped it
    ['seeked', () => this.captureNow()],
    ['encrypted', () => this.check()],
    // The pointer still reaches the video (the overlay takes none): its hover tells when native controls show.
    ['pointerenter', () => this.setHovered(true)],
    ['pointerleave', () => this.setHovered(false)],
  ];

  private setHovered(on: boolean): void {
    this.hovered = on;
    this.showControls();
  }

  /** The browser shows a `controls` video's bar while paused or hovered: the overlay uncovers it then. */
  private showControls(): void {
    this.overlay.uncoverControls(this.video.controls && (this.hovered || this.video.paused));
  }

  /** Decides (again, on every new source) whether this video may be painted. */
  private check(): void {
    if (!this.active || this.video.readyState < HTMLMediaElement.HAVE_METADATA) return; // loadeddata comes back here
    const reason = unreadableReason(this.video);
    if (reason) {
      this.refused = reason;
      this.unschedule();
      this.slot.clear();
      this.overlay.remove();
      this.painted = false;
      this.ctx.report('skipped', reason);
      return;
    }
    this.refused = null;
    this.captureNow();
    this.schedule();
  }

  private get wanted(): boolean {
    return this.active && !this.refused && this.inView && document.visibilityState === 'visible';
  }

  private schedule(): void {
    if (!this.wanted || this.handle || this.rafHandle) return;
    const v = this.video;
    if (v.requestVideoFrameCallback) this.handle = v.requestVideoFrameCallback(this.onFrame);
    // Fallback (no requestVideoFrameCallback): one look per animation frame while playing, a new frame when currentTime moved.
    else if (!v.paused) this.rafHandle = requestAnimationFrame(this.onAnimationFrame);
  }

  private unschedule(): void {
    if (this.handle) this.video.cancelVideoFrameCallback?.(this.handle);
    if (this.rafHandle) cancelAnimationFrame(this.rafHandle);
    this.handle = 0;
    this.rafHandle = 0;
  }

  private readonly onFrame = (now: number): void => {
    this.handle = 0;
    this.capture(now, false);
    this.schedule();
  };

  private lastTime = -1;
  private readonly onAnimationFrame = (now: number): void => {
    this.rafHandle = 0;
    if (this.video.currentTime !== this.lastTime) {
      this.lastTime = this.video.currentTime;
      this.capture(now, false);
    }
    this.schedule();
  };

  private captureNow(): void {
    if (this.wanted) this.capture(performance.now(), true);
  }

  private capture(now: number, always: boolean): void {
    if (!this.wanted || this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    const look = this.ctx.look();
    // The frame-rate cap (a setting): a frame that comes sooner than 1/cap after the last one is skipped.
    if (!always && now - this.lastCapture < 1000 / look.maxFps - 2) return;
    const natural = { width: this.video.videoWidth, height: this.video.videoHeight };
    const size = paintSize(natural, this.overlay.picture(), devicePixelRatio || 1, look.maxSide);
    if (!size) return;
    this.lastCapture = now;
    const at = performance.now();
    // Resized while capturing, off the main thread's pixel loops: the engine receives the frame at the size it paints.
    createImageBitmap(this.video, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' }).then(
      (frame) => {
        if (!this.wanted) {
          frame.close();
          return;
        }
        this.stats.captured++;
        const before = this.slot.dropped;
        this.slot.offer({ frame, at, captureMs: performance.now() - at });
        this.stats.dropped += this.slot.dropped - before;
      },
      () => undefined, // no frame to read at this moment (the source changed): the next one will be
    );
  }

  /**
   * Sends one frame and shows what comes back, unless a newer frame was shown
   * first (the other engine was faster); the slot is settled whatever
   * happens, so it never sticks.
   */
  private async send(c: Captured, seq: number): Promise<void> {
    const look = this.ctx.look();
    let result: PaintResult;
    try {
      result = await this.ctx.link.paint({
        styleId: look.styleId,
        frame: c.frame,
        intensity: look.intensity,
        keepColours: look.keepColours,
      });
    } catch (e) {
      result = { ok: false, error: String((e as Error)?.message ?? e) };
    }
    const before = this.slot.late;
    const fresh = this.slot.settle(seq, result.ok);
    this.stats.late += this.slot.late - before;
    if (result.ok) {
      this.failures = 0;
      if (fresh && this.active && !this.refused) this.show(result.frame, c, result.ms, result.hopMs);
      result.frame.close();
    } else if (this.active && (++this.failures >= FAILURES_TO_GIVE_UP || result.fatal)) {
      this.ctx.report('error', `the video could not be painted: ${result.error}`);
      this.refused = result.error; // until the video is seen again (check() tries once more)
      this.painted = false;
      this.unschedule();
      this.overlay.remove();
    }
  }

  private show(frame: ImageBitmap, c: Captured, ms: VideoStats['engineMs'], hopMs: number): void {
    const t0 = performance.now();
    this.overlay.draw(frame);
    this.showControls();
    const t1 = performance.now();
    this.stats.painted++;
    this.stats.latencyMs += t1 - c.at;
    this.stats.stageMs.capture += c.captureMs;
    this.stats.stageMs.hop += hopMs;
    this.stats.stageMs.show += t1 - t0;
    this.stats.engineMs.read += ms.read;
    this.stats.engineMs.run += ms.run;
    this.stats.engineMs.blend += ms.blend;
    if (!this.painted) {
      this.painted = true;
      this.ctx.report('done');
    }
  }

  private setInView(visible: boolean): void {
    this.inView = visible;
    if (visible) this.check();
    else this.unschedule();
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.check();
    else this.unschedule();
  };

  /** The video itself fullscreen: left as it is there. A container going fullscreen keeps its overlay. */
  private readonly onFullscreen = (): void => {
    if (document.fullscreenElement === this.video) {
      this.refused = REASONS.fullscreen;
      this.unschedule();
      this.overlay.remove();
      this.painted = false;
      this.ctx.report('skipped', REASONS.fullscreen);
    } else if (this.refused === REASONS.fullscreen) this.check();
    else this.relayout();
  };

  private readonly relayout = (): void => {
    if (this.overlay.element) this.overlay.layout();
  };

  private onResize(): void {
    this.relayout();
    if (this.video.paused) this.captureNow(); // a new size for the paused frame
  }
}
