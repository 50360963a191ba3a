/**
 * The content script's end of the video frame channel (#27): Brushwork's
 * extension frame (src/runtime/browser/video-frame.ts, which says why a frame)
 * in a closed shadow root, one MessagePort per video engine, and the frames
 * in flight. Opened on the first frame, closed when page mode stops: the
 * frame's host element is then removed and the DOM is as the page wrote it.
 */
import { type FromVideoEngine, type ToVideoEngine, VIDEO_PORT_WORD } from '../../messaging/video-channel';

/** Two engines: two videos are painted at once, or one video's frames while the other core plays it. */
export const VIDEO_ENGINES = 2;
/** An engine that has not answered its first frame by then never will (the frame was blocked, say). */
const START_TIMEOUT_MS = 20_000;

export type PaintResult = { ok: true; frame: ImageBitmap; ms: { read: number; run: number; blend: number } } | { ok: false; error: string };

interface Engine {
  port: MessagePort;
  busy: number;
  ready: boolean;
  /** Why the engine could not start (it answers nothing more), or null. */
  failed: string | null;
}

type FrameJob = Omit<ToVideoEngine, 'kind' | 'id'>;

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class VideoEngineLink {
  private host: HTMLElement | null = null;
  private engines: Engine[] = [];
  private readonly waiting = new Map<number, { engine: Engine; resolve: (r: PaintResult) => void }>();
  private nextId = 1;
  private startTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly frameUrl: () => string = () => chrome.runtime.getURL('/video-frame.html')) {}

  get open(): boolean {
    return this.host !== null;
  }

  private start(): void {
    const secret = nonce();
    const host = document.createElement('div');
    host.style.setProperty('display', 'none', 'important');
    const root = host.attachShadow({ mode: 'closed' });
    const iframe = document.createElement('iframe');
    const url = `${this.frameUrl()}#${secret}`;
    iframe.src = url;
    const channels = Array.from({ length: VIDEO_ENGINES }, () => new MessageChannel());
    this.engines = channels.map((c) => {
      const engine: Engine = { port: c.port1, busy: 0, ready: false, failed: null };
      c.port1.onmessage = (e: MessageEvent<FromVideoEngine>) => this.settle(engine, e.data);
      return engine;
    });
    // targetOrigin is the extension's own: if anything navigated the frame elsewhere, the ports stay here.
    iframe.addEventListener(
      'load',
      () =>
        iframe.contentWindow?.postMessage(
          { word: VIDEO_PORT_WORD, nonce: secret },
          new URL(url).origin,
          channels.map((c) => c.port2),
        ),
      { once: true },
    );
    root.append(iframe);
    document.documentElement.append(host);
    this.host = host;
    this.startTimer = setTimeout(() => {
      if (!this.engines.some((e) => e.ready)) this.failAll('the video engine did not start (the page may block Brushwork’s frame)');
    }, START_TIMEOUT_MS);
  }

  private settle(engine: Engine, msg: FromVideoEngine): void {
    if (msg.kind === 'ready') {
      engine.ready = true;
      return;
    }
    if (msg.id === null) {
      // The engine itself failed (it could not start): its frames fail with the reason, and it gets no more.
      engine.failed = msg.kind === 'failed' ? msg.error : 'the video engine failed';
      for (const [id, w] of this.waiting)
        if (w.engine === engine) {
          this.waiting.delete(id);
          w.resolve({ ok: false, error: engine.failed });
        }
      return;
    }
    const w = this.waiting.get(msg.id);
    if (!w) {
      if (msg.kind === 'painted') msg.frame.close();
      return;
    }
    this.waiting.delete(msg.id);
    engine.busy--;
    w.resolve(msg.kind === 'painted' ? { ok: true, frame: msg.frame, ms: msg.ms } : { ok: false, error: msg.error });
  }

  private failAll(error: string): void {
    for (const w of this.waiting.values()) w.resolve({ ok: false, error });
    this.waiting.clear();
    for (const e of this.engines) e.busy = 0;
  }

  /** Paints one frame on the least busy engine; the frame's bitmap is transferred (the caller no longer owns it). */
  paint(job: FrameJob): Promise<PaintResult> {
    if (!this.host) this.start();
    const working = this.engines.filter((e) => !e.failed);
    const [first, ...rest] = working;
    if (!first) {
      job.frame.close();
      return Promise.resolve({ ok: false, error: this.engines[0]?.failed ?? 'no video engine is running' });
    }
    const engine = rest.reduce((a, b) => (b.busy < a.busy ? b : a), first);
    const id = this.nextId++;
    engine.busy++;
    return new Promise<PaintResult>((resolve) => {
      this.waiting.set(id, { engine, resolve });
      const msg: ToVideoEngine = { kind: 'frame', id, ...job };
      try {
        engine.port.postMessage(msg, [job.frame]);
      } catch (e) {
        // A frame that cannot travel (DataCloneError) fails alone: its video goes on with the next one.
        this.waiting.delete(id);
        engine.busy--;
        job.frame.close();
        resolve({ ok: false, error: `the frame could not be sent to the engine (${String((e as Error)?.message ?? e)})` });
      }
    });
  }

  close(): void {
    clearTimeout(this.startTimer);
    this.failAll('page mode stopped');
    for (const e of this.engines) e.port.close();
    this.engines = [];
    this.host?.remove();
    this.host = null;
  }
}
