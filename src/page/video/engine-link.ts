/**
 * The content script's end of the video frame channel (#27): Brushwork's
 * extension frame (src/runtime/browser/video-frame.ts, which says why a frame)
 * in a closed shadow root, one MessagePort per video engine, and the frames
 * in flight. Opened on the first frame, closed when page mode stops: the
 * frame's host element is then removed and the DOM is as the page wrote it.
 */
import { closeFrame, type FromVideoEngine, frameTransfer, type ToVideoEngine, VIDEO_PORT_WORD } from '../../messaging/video-channel';

/** Two engines: two videos are painted at once, or one video's frames while the other core plays it. */
export const VIDEO_ENGINES = 2;
/** An engine that has not answered its first frame by then never will (the frame was blocked, say). */
const START_TIMEOUT_MS = 20_000;
/**
 * From the frame's `load` to its handshake (it takes the ports and says so at once, video-frame.ts): a
 * round trip of two postMessages. Generous for a loaded machine; far below the engines' start (WASM, model).
 */
export const HANDSHAKE_MS = 3_000;
/** Why the videos of a page where Brushwork's frame did not come up are left as they are. */
export const FRAME_DID_NOT_LOAD = 'Brushwork’s engine frame did not load in this page (the page or the browser blocked it)';

/**
 * A painted frame with the worker's own milliseconds, and `hopMs`: the round
 * trip (posted → answer received) less the worker's time, i.e. both transfers
 * plus any wait at the engine. Measured on one clock, the content script's,
 * so no cross-context clock skew enters it.
 */
export type PaintResult =
  | {
      ok: true;
      frame: ImageBitmap;
      ms: { read: number; run: number; blend: number };
      hopMs: number;
      /** The hop split (when the worker said when it began and ended): to the engine, waits at a busy engine included, and back. */
      hops?: { toEngine: number; back: number };
    }
  /** `fatal`: the engines cannot paint anything any more (they did not start): the video gives up at once. */
  | { ok: false; error: string; fatal?: boolean };

interface Engine {
  port: MessagePort;
  busy: number;
  ready: boolean;
  /** The frame took this engine's port (the handshake). */
  taken: boolean;
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
  private readonly waiting = new Map<number, { engine: Engine; postedAt: number; resolve: (r: PaintResult) => void }>();
  private nextId = 1;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `frameUrl`: Chrome serves the frame only under a per-session dynamic ID
   * (use_dynamic_url, wxt.config.ts; pages cannot probe for it), and getURL
   * returns that URL for it. The document it loads still has the extension's
   * own origin, which getURL gives for the package root (`frameOrigin`): that
   * is the origin the ports are posted to. In Firefox both are the
   * moz-extension:// origin.
   */
  constructor(
    private readonly frameUrl: () => string = () => chrome.runtime.getURL('/video-frame.html'),
    private readonly frameOrigin: () => string = () => new URL(chrome.runtime.getURL('/')).origin,
  ) {}

  get open(): boolean {
    return this.host !== null;
  }

  /** An engine has nothing in flight: a video may send it a second frame (latest-frame.ts) without delaying another's. */
  get idle(): boolean {
    return this.engines.some((e) => !e.failed && e.busy === 0);
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
      const engine: Engine = { port: c.port1, busy: 0, ready: false, taken: false, failed: null };
      c.port1.onmessage = (e: MessageEvent<FromVideoEngine>) => this.settle(engine, e.data);
      return engine;
    });
    // targetOrigin is the extension's own (not the dynamic URL's, see the constructor): if anything
    // navigated the frame elsewhere, the ports stay here.
    const origin = this.frameOrigin();
    iframe.addEventListener(
      'load',
      () => {
        iframe.contentWindow?.postMessage(
          { word: VIDEO_PORT_WORD, nonce: secret },
          origin,
          channels.map((c) => c.port2),
        );
        // A frame that loaded but is not ours (blocked, an error page) takes no port and says nothing: noticed now,
        // not at the engines' start timeout.
        this.handshakeTimer = setTimeout(() => {
          if (!this.engines.some((e) => e.taken)) this.failLink(FRAME_DID_NOT_LOAD);
        }, HANDSHAKE_MS);
      },
      { once: true },
    );
    root.append(iframe);
    document.documentElement.append(host);
    this.host = host;
    this.startTimer = setTimeout(() => {
      if (!this.engines.some((e) => e.ready)) this.failLink('the video engine did not start (the page may block Brushwork’s frame)');
    }, START_TIMEOUT_MS);
  }

  private settle(engine: Engine, msg: FromVideoEngine): void {
    if (msg.kind === 'taken') {
      engine.taken = true;
      return;
    }
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
          w.resolve({ ok: false, error: engine.failed, fatal: this.engines.every((e) => e.failed) });
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
    if (msg.kind !== 'painted') {
      w.resolve({ ok: false, error: msg.error });
      return;
    }
    const now = performance.now();
    const worker = msg.ms.read + msg.ms.run + msg.ms.blend;
    // Across contexts by the shared clock (timeOrigin + now): skew of a fraction of a millisecond, clamped at 0.
    const posted = performance.timeOrigin + w.postedAt;
    const received = performance.timeOrigin + now;
    const hops = msg.at ? { toEngine: Math.max(0, msg.at.start - posted), back: Math.max(0, received - msg.at.end) } : undefined;
    w.resolve({ ok: true, frame: msg.frame, ms: msg.ms, hopMs: Math.max(0, now - w.postedAt - worker), hops });
  }

  /** Every engine is out for good (the frame never came up): every frame, waiting or to come, fails at once. */
  private failLink(error: string): void {
    for (const e of this.engines) e.failed ??= error;
    this.failAll(error, true);
  }

  private failAll(error: string, fatal = false): void {
    for (const w of this.waiting.values()) w.resolve({ ok: false, error, ...(fatal ? { fatal } : {}) });
    this.waiting.clear();
    for (const e of this.engines) e.busy = 0;
  }

  /** Paints one frame on the least busy engine; the frame's bitmap is transferred (the caller no longer owns it). */
  paint(job: FrameJob): Promise<PaintResult> {
    if (!this.host) this.start();
    const working = this.engines.filter((e) => !e.failed);
    const [first, ...rest] = working;
    if (!first) {
      closeFrame(job.frame);
      return Promise.resolve({ ok: false, error: this.engines[0]?.failed ?? 'no video engine is running', fatal: true });
    }
    const engine = rest.reduce((a, b) => (b.busy < a.busy ? b : a), first);
    const id = this.nextId++;
    engine.busy++;
    return new Promise<PaintResult>((resolve) => {
      this.waiting.set(id, { engine, postedAt: performance.now(), resolve });
      const msg: ToVideoEngine = { kind: 'frame', id, ...job };
      try {
        engine.port.postMessage(msg, frameTransfer(job.frame));
      } catch (e) {
        // A frame that cannot travel (DataCloneError) fails alone: its video goes on with the next one.
        this.waiting.delete(id);
        engine.busy--;
        closeFrame(job.frame);
        resolve({ ok: false, error: `the frame could not be sent to the engine (${String((e as Error)?.message ?? e)})` });
      }
    });
  }

  close(): void {
    clearTimeout(this.startTimer);
    clearTimeout(this.handshakeTimer);
    this.failAll('page mode stopped');
    for (const e of this.engines) e.port.close();
    this.engines = [];
    this.host?.remove();
    this.host = null;
  }
}
