/**
 * A <video> as a surface (#27). Unlike a picture it is never rewritten: a
 * live surface paints itself, frame by frame, on an overlay of its own
 * (src/page/video/painter.ts), and restore removes that overlay. The page's
 * element is never written to (only Brushwork's state marks, which restore
 * clears), so the page's own changes to it are always its own.
 */
import type { ImageState, Refusal } from '../../messaging/protocol';
import { VideoPainter, type VideoPainterContext } from '../video/painter';
import { unreadableReason } from '../video/readable';
import type { LiveSurface, Measure, Surface } from './surface';

export class VideoSurface implements Surface, LiveSurface {
  readonly kind = 'video';
  private painter: VideoPainter | null = null;

  constructor(
    readonly el: HTMLVideoElement,
    private readonly context: () => Omit<VideoPainterContext, 'report'>,
  ) {}

  get live(): LiveSurface {
    return this;
  }

  pictureUrl(): string {
    return this.el.currentSrc || this.el.src;
  }

  /** Refuses at once what is known to be unreadable; a video still loading is decided by its painter once it has data. */
  async measure(): Promise<Measure | Refusal> {
    const v = this.el;
    if (v.readyState >= HTMLMediaElement.HAVE_METADATA) {
      const reason = unreadableReason(v);
      if (reason) return { kind: 'skipped', message: reason };
    }
    const box = v.getBoundingClientRect();
    return { natural: { width: v.videoWidth, height: v.videoHeight }, box: { width: box.width, height: box.height } };
  }

  startLive(report: (state: ImageState, reason?: string) => void, styleOverride?: string): void {
    this.painter?.stop();
    const context = this.context();
    const look = styleOverride ? () => ({ ...context.look(), styleId: styleOverride }) : context.look;
    this.painter = new VideoPainter(this.el, { ...context, look, report });
    this.painter.start();
  }

  refreshLive(): void {
    this.painter?.refresh();
  }

  /** The overlay, for tests and the benchmark (null before the first painted frame). */
  get overlay(): HTMLCanvasElement | null {
    return this.painter?.overlayElement ?? null;
  }

  get stats() {
    return this.painter?.stats ?? null;
  }

  async show(): Promise<boolean> {
    return true; // a live surface shows its own frames
  }

  restore(): void {
    this.painter?.stop();
    this.painter = null;
  }

  writtenElements(): Element[] {
    return [];
  }

  intact(): boolean {
    return true;
  }

  adoptPageChange(): void {}
}
