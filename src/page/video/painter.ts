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
 * frames at all; a frame of a video the page hides (`visibility: hidden`,
 * `opacity: 0`: IntersectionObserver sees neither) is not captured. A page
 * whose videos are all paused costs nothing.
 */
import type { ImageState } from '../../messaging/protocol';
import { closeFrame, type YuvFrame } from '../../messaging/video-channel';
import type { PaintResult, VideoEngineLink } from './engine-link';
import { FramePacer } from './frame-pacer';
import { paintSize } from './geometry';
import { LatestFrameSlot } from './latest-frame';
import { VideoOverlay } from './overlay';
import { REASONS, unreadableReason } from './readable';
import { copyVideoPlanes, PlanesUnsupported } from './video-planes';

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
  /**
   * The video's frames presented while it was being painted, as
   * requestVideoFrameCallback counts them (its `presentedFrames`, so frames
   * the callback missed count too): the source's own rate, the ceiling of
   * the painted rate.
   */
  presented: number;
  /** Frames the frame-rate cap (a setting) let pass. */
  captured: number;
  /** Frames the frame-rate cap refused. */
  paced: number;
  painted: number;
  dropped: number;
  /** Painted frames that came back after a newer one was shown (two in flight), not shown. */
  late: number;
  /** Sum of milliseconds from a frame's capture to its painted frame drawn. */
  latencyMs: number;
  engineMs: { read: number; run: number; blend: number };
  /**
   * Per stage, summed over the frames shown: capture (the frame presented →
   * its resized ImageBitmap ready), queue (waiting in the latest-frame slot
   * for an engine), hop (both transfers and any wait at the engine,
   * engine-link.ts), split into toEngine (posted → the worker begins, a busy
   * engine's wait included) and back (the worker posts → received), and show
   * (drawing on the overlay).
   */
  stageMs: { capture: number; queue: number; hop: number; toEngine: number; back: number; show: number };
  /**
   * Brushwork's own synchronous work on the page's main thread (the frame
   * callback with its capture call, the capture's completion, a painted
   * frame's arrival and show): total, the longest single span, and spans over
   * 50 ms (long tasks caused by Brushwork; Long Animation Frames cannot say,
   * as Chromium leaves content scripts' isolated worlds out of their script
   * attribution). `captureCall` is the part spent inside createImageBitmap's
   * call itself (Chromium reads and resizes a video's frame synchronously).
   */
  mainMs: { total: number; max: number; over50: number; captureCall: number; callback: number; captured: number; arrived: number };
}

/** After this many failed frames in a row the video is marked failed (with the last reason) and left as it is. */
const FAILURES_TO_GIVE_UP = 3;

interface Captured {
  frame: ImageBitmap | YuvFrame;
  /** The size to paint at (a YUV frame arrives at the video's own size). */
  size: { width: number; height: number };
  at: number;
  /** Milliseconds from the frame's presentation to its ImageBitmap ready. */
  captureMs: number;
  /** When it was handed to the slot (it may wait there for an engine: the queue stage). */
  offeredAt: number;
  queueMs: number;
}

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, metadata?: { presentedFrames?: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Painters at work on this page, for their figures (bench/video.ts reads them, see start.ts). */
const live = new Set<VideoPainter>();

/** Each painting video's figures so far. */
export function liveVideoStats(): VideoStats[] {
  return [...live].map((p) => ({
    ...p.stats,
    engineMs: { ...p.stats.engineMs },
    stageMs: { ...p.stats.stageMs },
    mainMs: { ...p.stats.mainMs },
  }));
}

export class VideoPainter {
  private active = false;
  private inView = true;
  private refused: string | null = null;
  private handle = 0;
  private rafHandle = 0;
  private readonly pacer = new FramePacer();
  /** The last presentedFrames seen by requestVideoFrameCallback (0: none yet since scheduling). */
  private lastPresented = 0;
  private painted = false;
  private readonly overlay: VideoOverlay;
  private readonly slot: LatestFrameSlot<Captured>;
  private readonly seen: IntersectionObserver;
  private readonly resized: ResizeObserver;
  readonly stats: VideoStats = {
    presented: 0,
    captured: 0,
    paced: 0,
    painted: 0,
    dropped: 0,
    late: 0,
    latencyMs: 0,
    engineMs: { read: 0, run: 0, blend: 0 },
    stageMs: { capture: 0, queue: 0, hop: 0, toEngine: 0, back: 0, show: 0 },
    mainMs: { total: 0, max: 0, over50: 0, captureCall: 0, callback: 0, captured: 0, arrived: 0 },
  };

  /** One span of Brushwork's synchronous work on the main thread, begun at `t0` (performance.now()). */
  private mainSpan(t0: number, kind: 'callback' | 'captured' | 'arrived'): void {
    const ms = performance.now() - t0;
    const m = this.stats.mainMs;
    m[kind] += ms;
    m.total += ms;
    m.max = Math.max(m.max, ms);
    if (ms > 50) m.over50++;
  }

  constructor(
    private readonly video: VideoWithCallback,
    private readonly ctx: VideoPainterContext,
  ) {
    this.overlay = new VideoOverlay(video);
    // Two frames in flight while an engine is idle (latest-frame.ts says why not bands).
    this.slot = new LatestFrameSlot<Captured>(
      (c, seq) => {
        c.queueMs = performance.now() - c.offeredAt;
        void this.send(c, seq);
      },
      (c) => closeFrame(c.frame),
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
    this.lastPresented = 0;
    if (this.handle) this.video.cancelVideoFrameCallback?.(this.handle);
    if (this.rafHandle) cancelAnimationFrame(this.rafHandle);
    this.handle = 0;
    this.rafHandle = 0;
  }

  private readonly onFrame = (now: number, metadata?: { presentedFrames?: number }): void => {
    const t0 = performance.now();
    this.handle = 0;
    const n = metadata?.presentedFrames ?? 0;
    this.stats.presented += this.lastPresented && n > this.lastPresented ? n - this.lastPresented : 1;
    this.lastPresented = n;
    this.capture(now, false);
    this.schedule();
    this.mainSpan(t0, 'callback');
  };

  private lastTime = -1;
  private readonly onAnimationFrame = (now: number): void => {
    this.rafHandle = 0;
    if (this.video.currentTime !== this.lastTime) {
      this.lastTime = this.video.currentTime;
      this.stats.presented++;
      this.capture(now, false);
    }
    this.schedule();
  };

  private captureNow(): void {
    if (this.wanted) this.capture(performance.now(), true);
  }

  private capture(now: number, always: boolean): void {
    if (!this.wanted || this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    if (!this.overlay.followShown()) return; // hidden by the page: its overlay hidden with it, nothing painted
    const look = this.ctx.look();
    // The frame-rate cap (a setting), over the long run (frame-pacer.ts says why not a minimum gap).
    if (!always && !this.pacer.admit(now, look.maxFps)) {
      this.stats.paced++;
      return;
    }
    const natural = { width: this.video.videoWidth, height: this.video.videoHeight };
    const size = paintSize(natural, this.overlay.picture(), devicePixelRatio || 1, look.maxSide);
    if (!size) return;
    const at = performance.now();
    // Planes where the frame is resized on capture (that resize is the main thread's cost); a frame
    // painted at its own size is cheaper as a bitmap (1–1.5 ms at 640×360, no conversion in the engine).
    const resized = natural.width * natural.height > size.width * size.height * 1.2;
    const frame = this.planesReadable && resized ? copyVideoPlanes(this.video) : null;
    const captured: Promise<ImageBitmap | YuvFrame> =
      frame?.catch((e) => {
        // Frames this browser gives in another form: bitmaps from now on. Anything else (a frame not
        // ready mid-seek, say): this one as a bitmap, the next one tried as planes again, up to
        // FAILURES_TO_GIVE_UP in a row.
        if (e instanceof PlanesUnsupported || ++this.planeFailures >= FAILURES_TO_GIVE_UP) this.planesReadable = false;
        return this.bitmapOf(size);
      }) ?? this.bitmapOf(size);
    void frame?.then(
      () => {
        this.planeFailures = 0;
      },
      () => undefined,
    );
    this.stats.mainMs.captureCall += performance.now() - at;
    captured.then(
      (frame) => {
        const ready = performance.now();
        if (!this.wanted) {
          closeFrame(frame);
          return;
        }
        this.stats.captured++;
        const before = this.slot.dropped;
        this.slot.offer({ frame, size, at, captureMs: ready - at, offeredAt: ready, queueMs: 0 });
        this.stats.dropped += this.slot.dropped - before;
        this.mainSpan(ready, 'captured');
      },
      () => undefined, // no frame to read at this moment (the source changed): the next one will be
    );
  }

  /** Whether the video's frames are taken as YUV planes (video-planes.ts); false once that failed, or where there is no VideoFrame. */
  private planesReadable = typeof VideoFrame === 'function';
  /** Planes that failed in a row for another reason (after FAILURES_TO_GIVE_UP, bitmaps for good). */
  private planeFailures = 0;

  /** The frame as a bitmap resized while capturing (the fallback: Chromium does this on the main thread, yuv.ts). */
  private bitmapOf(size: { width: number; height: number }): Promise<ImageBitmap> {
    return createImageBitmap(this.video, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' });
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
        size: c.size,
        intensity: look.intensity,
        keepColours: look.keepColours,
      });
    } catch (e) {
      result = { ok: false, error: String((e as Error)?.message ?? e) };
    }
    const back = performance.now();
    const before = this.slot.late;
    const fresh = this.slot.settle(seq, result.ok);
    this.stats.late += this.slot.late - before;
    if (result.ok) {
      this.failures = 0;
      if (fresh && this.active && !this.refused) this.show(result.frame, c, result);
      result.frame.close();
      this.mainSpan(back, 'arrived');
    } else if (this.active && (++this.failures >= FAILURES_TO_GIVE_UP || result.fatal)) {
      this.ctx.report('error', `the video could not be painted: ${result.error}`);
      this.refused = result.error; // until the video is seen again (check() tries once more)
      this.painted = false;
      this.unschedule();
      this.overlay.remove();
    }
  }

  private show(frame: ImageBitmap, c: Captured, { ms, hopMs, hops }: Extract<PaintResult, { ok: true }>): void {
    const t0 = performance.now();
    this.overlay.draw(frame);
    this.overlay.markFrames(c.frame instanceof ImageBitmap ? 'bitmap' : 'yuv');
    this.showControls();
    const t1 = performance.now();
    this.stats.painted++;
    this.stats.latencyMs += t1 - c.at;
    this.stats.stageMs.capture += c.captureMs;
    this.stats.stageMs.queue += c.queueMs;
    this.stats.stageMs.hop += hopMs;
    this.stats.stageMs.toEngine += hops?.toEngine ?? 0;
    this.stats.stageMs.back += hops?.back ?? 0;
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
      this.refused = REASONS.fullscreen();
      this.unschedule();
      this.overlay.remove();
      this.painted = false;
      this.ctx.report('skipped', REASONS.fullscreen());
    } else if (this.refused === REASONS.fullscreen()) this.check();
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
