/**
 * Every message between Brushwork's contexts, in one place.
 *
 * Names say who receives them: plain names go to the background service
 * worker (the first four are the public protocol, documented in
 * docs/protocol.md); `offscreen.*` go to the offscreen document, `page.*` to
 * the content script of a tab. Each receiver owns one handler table
 * (see router.ts). Responses are values: `{ ok: true, ...body }` or
 * `{ ok: false, kind, error }`, never thrown across contexts.
 *
 * TF.js-free by design: the popup and content scripts import this file.
 */
import type { MessageKey } from '../i18n/t';
import type { AnimationTiming } from '../shared/animation';
import type { DataImagePolicy } from '../shared/csp';
import type { RgbaImage } from '../shared/image';

export type ImageState = 'pending' | 'done' | 'error' | 'skipped';

/** Pictures per state; `videos`: how many of the done ones are videos painted live (#27). */
export type StateCounts = Record<ImageState, number> & { videos?: number };

export const emptyCounts = (): StateCounts => ({ pending: 0, done: 0, error: 0, skipped: 0, videos: 0 });

export interface RuntimeStatus {
  /** Styles whose model is loaded in the offscreen document. */
  loadedStyles: string[];
  queued: number;
  /** The most jobs that ever waited at once in this document (the queue's bound shows here, whenever it was reached). */
  peakQueued: number;
  /** Image bytes the waiting jobs hold (bounded by the queue's byte budget). */
  queuedBytes: number;
  running: number;
  backend: string;
  threads: number;
  /** The fast network runs on Brushwork's own WebAssembly SIMD kernel (else TF.js runs every network). */
  kernel: boolean;
  /** The kernel is its relaxed-SIMD build (fused multiply-add), where the browser validates relaxed SIMD (#27). */
  kernelRelaxed?: boolean;
  numTensors: number;
  wasmBytes: number;
  /** The document's JS heap in use (Chrome's performance.memory), 0 where unavailable. */
  jsHeapBytes: number;
  /** Model run times of the most recent stylizations (ms, oldest first; cache hits excluded). */
  recentRunMs: number[];
  /** Results still being written to the persistent store. */
  persisting: number;
  /** Where the most recent computed jobs spent their time in this document (ms, oldest first; benchmarks). */
  recentStages: JobStages[];
}

/** One job's time in the offscreen document, by stage. */
export interface JobStages {
  /** Hashing the job's keys and asking the persistent store (a miss, since the job ran). */
  lookup: number;
  /** Waiting in the queue for an engine. */
  queue: number;
  /** Loading the style (once) and fetching the bytes (when the extension fetches them). */
  load: number;
  decode: number;
  run: number;
}

/** Where a response of the extension's own came from (src/background/response-addresses.ts). */
export type AddressVerdict = { verdict: 'public' | 'cached' | 'unseen' | 'cors' } | { verdict: 'private'; ip: string };

export interface TabStatus {
  counts: StateCounts;
  pageMode: boolean;
  styleId: string;
  runtime: RuntimeStatus | null;
}

export interface StylizeJobRequest {
  jobId: string;
  url: string;
  styleId: string;
  /** Size to stylize at (display size × devicePixelRatio, capped by max side). */
  width: number;
  height: number;
  /** Lower runs first: 0 = visible, larger = farther from the viewport. */
  priority: number;
  /** Image bytes the page could read itself (same-origin or CORS); otherwise the runtime fetches `url`. */
  bytes?: Uint8Array;
  /** Which frame of an animated picture to paint (#27); absent: a still picture, or an animation's first frame. */
  frame?: number;
}

export interface StylizeJobResult {
  /**
   * The decoded picture, only when the extension fetched its bytes (the page could not read them);
   * a page that sent its own bytes decodes them itself, and only the stylized pixels travel back (#21).
   */
  original?: RgbaImage;
  stylized: RgbaImage;
  ms: number;
  cached: boolean;
  /**
   * The picture is animated (#27): its timing, so the page asks for every frame and loops them as the
   * original does. The original frame then always comes back too (the page does not decode animations).
   */
  animation?: AnimationTiming;
}

/**
 * What the background adds to a page's job before the offscreen document
 * runs it, from the message's sender (never from the page's own words).
 */
export interface OffscreenJobContext {
  tabId: number;
  /**
   * Who asked: the tab's top-level origin and the requesting frame's origin.
   * Results and fetched bytes are cached and shared per requester only, so one
   * site never receives pixels computed from bytes read for another.
   */
  requester: string;
}

/** A message without fields (`{}`: no key is allowed to collide with `type`). */
export type Empty = Record<never, never>;

/** [request fields, success-body fields] per message name. */
export interface Messages {
  // Public protocol → background.
  stylizeImage: [{ tabId: number; srcUrl: string }, { matched: number }];
  setPageMode: [{ tabId: number; enabled: boolean }, { enabled: boolean }];
  restoreAll: [{ tabId: number }, { restored: number }];
  getStatus: [{ tabId: number }, TabStatus];
  /**
   * The popup opened: start the offscreen document and load the style now, speculatively, so a click
   * that follows finds the model ready. Cheap to throw away: the document closes itself when idle.
   */
  /** The popup opened: start the engines and load the style; with `tabId`, also make the page script ready in that tab. */
  warmUp: [{ styleId: string; tabId?: number }, Empty];
  /** Settings page: forget every repainted picture kept (memory and the persistent store). */
  clearCaches: [Empty, Empty];
  /** Settings page, after importing a style: render its preview with the model itself (which proves it runs). */
  previewStyle: [{ styleId: string }, Empty];
  // Content script → background.
  stylizeJob: [StylizeJobRequest, StylizeJobResult];
  cancelJobs: [{ jobIds: string[] }, { cancelled: number }];
  /** `document`: the reporting document's token (page.ping answers it too): see tab-state.ts. */
  reportCounts: [{ counts: StateCounts; pageMode: boolean; document: string }, Empty];
  /** The image policy of this document's CSP headers, where the extension saw them (src/background/document-csp.ts). */
  dataImagePolicy: [{ documentUrl: string }, { policy: DataImagePolicy }];
  // Offscreen document → background.
  offscreenIdle: [Empty, { closed: boolean }];
  /** The document's router is listening: ensureOffscreen waits for this before the first request (#22). */
  offscreenReady: [Empty, Empty];
  /**
   * Before reading a fetched body: did the response come from a private address, whatever its name (#22)?
   * `since`: when the fetch started (Date.now()), so an older response to the same URL does not answer.
   */
  checkResponseAddress: [{ url: string; since: number; cors?: boolean }, AddressVerdict];
  // Brushwork's video frame in a page → background (#27): an imported style's files, which the frame's
  // engines cannot read from the extension's IndexedDB themselves (runtime/browser/video-user-styles.ts).
  userStyleFiles: [{ styleId: string }, { manifestText: string; weightsFile: string; weightsBase64: string }];
  // Content script → offscreen document, directly (Chrome): one hop for the pixels instead of two (#21).
  // The document derives tabId and requester from the sender record, as the background does for stylizeJob.
  'offscreen.job': [StylizeJobRequest, StylizeJobResult];
  // Background → offscreen document.
  'offscreen.stylize': [StylizeJobRequest & OffscreenJobContext, StylizeJobResult];
  'offscreen.cancel': [{ jobIds: string[] }, { cancelled: number }];
  'offscreen.cancelTab': [{ tabId: number }, { cancelled: number }];
  'offscreen.status': [Empty, RuntimeStatus];
  /** Loads and warms a style in the runner (every engine worker) ahead of the first picture (page mode switched on). */
  'offscreen.warm': [{ styleId: string }, { styleId: string }];
  /** Runs a style on the project's generated scene and stores the result as its preview (imported styles). */
  'offscreen.preview': [{ styleId: string }, Empty];
  'offscreen.clearCaches': [Empty, Empty];
  // Background → content script.
  /** `styleId`: this picture alone in another style than the page's (context menu submenu). */
  'page.stylizeBySrc': [{ srcUrl: string; styleId?: string }, { matched: number }];
  'page.setPageMode': [{ enabled: boolean }, { enabled: boolean }];
  /** Context menu "Save stylized image": 1 when a download was started. */
  'page.saveBySrc': [{ srcUrl: string }, { saved: number }];
  'page.restoreBySrc': [{ srcUrl: string }, { restored: number }];
  'page.restoreAll': [Empty, { restored: number }];
  /** Is Brushwork's page script running in this document, and in page mode? (the background, after a load) */
  'page.ping': [Empty, { pageMode: boolean; document: string }];
}

export type MessageName = keyof Messages;
export type RequestOf<K extends MessageName> = K extends MessageName ? { type: K } & Messages[K][0] : never;
export type BodyOf<K extends MessageName> = Messages[K][1];
/**
 * Why a request failed, from a closed set: receivers decide by kind, never by
 * the wording of `error` (which is for people).
 *   cancelled      the job was withdrawn (restore, navigation, a fuller queue)
 *   skipped        deliberately left alone (SVG drawing, animation, no single picture)
 *   too-large      the file or its pixels exceed a cap
 *   unreadable     the bytes could not be had or decoded (network, HTTP status, corrupt file)
 *   not-an-image   the server or data: URL sent something else
 *   no-permission  the extension may not read this page or address
 *   timeout        the server did not answer in time
 *   unreachable    the receiving context went away (stopped service worker, closed document)
 *   invalid        the message or its sender was refused
 *   engine         the model could not run (crashed worker, backend failure)
 */
export const ERROR_KINDS = [
  'cancelled',
  'skipped',
  'too-large',
  'unreadable',
  'not-an-image',
  'no-permission',
  'timeout',
  'unreachable',
  'invalid',
  'engine',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
/**
 * Why a picture is left as it is, in words the page shows in the person's language: a locale key
 * (public/_locales, `reason…`) and its placeholders. The runtime (an offscreen document, Node) has no
 * chrome.i18n: it sends the key, and the page words it. `error` keeps the English sentence for logs and the CLI.
 */
export interface LocalReason {
  key: ReasonKey;
  subs: string[];
}
export type ReasonKey = Extract<MessageKey, `reason${string}`>;
export type Failure = { ok: false; kind: ErrorKind; error: string; reason?: LocalReason };

/** A reason not to go on, inside one context (a page surface, an image header). */
export interface Refusal {
  kind: ErrorKind;
  message: string;
  reason?: LocalReason;
}
export type ResponseOf<K extends MessageName> = ({ ok: true } & BodyOf<K>) | Failure;

export type Receiver = 'background' | 'offscreen' | 'page';

export function receiverOf(name: string): Receiver {
  if (name.startsWith('offscreen.')) return 'offscreen';
  if (name.startsWith('page.')) return 'page';
  return 'background';
}

export const PUBLIC_MESSAGES = ['stylizeImage', 'setPageMode', 'restoreAll', 'getStatus', 'warmUp', 'previewStyle', 'clearCaches'] as const;
export const CONTENT_MESSAGES = ['stylizeJob', 'cancelJobs', 'reportCounts', 'dataImagePolicy'] as const;
export const OFFSCREEN_TO_BACKGROUND = ['offscreenIdle', 'offscreenReady', 'checkResponseAddress'] as const;
/** What Brushwork's video frame (an extension page inside a web page's tab) may ask the background. */
export const VIDEO_FRAME_TO_BACKGROUND = ['userStyleFiles'] as const;
/** What a content script may ask the offscreen document itself; every other offscreen message comes from the background. */
export const CONTENT_TO_OFFSCREEN = ['offscreen.job'] as const;
