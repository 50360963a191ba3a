/**
 * The page's side of a stylize job. In Chrome it goes straight to the
 * offscreen document (one hop for the pixels, #21; the background relayed
 * ~1 MB per picture through the service worker); when no document is there
 * to answer (closed after a minute idle, or not yet started), the background
 * starts one and relays this job, and the next jobs go direct again. Firefox
 * runs the model in its background page, which is one hop already.
 */
import { failure } from '../../messaging/errors';
import type { Failure, ResponseOf, StylizeJobRequest, StylizeJobResult } from '../../messaging/protocol';
import { sendToRuntime, sendToRuntimeResending } from '../../messaging/send';
import type { RgbaImage } from '../../shared/image';
import { yieldToMain } from '../yield';
import { decodeOwnBytes } from './decode-own';
import type { JobWindow } from './job-window';
import { readBytesInPage } from './read-bytes';

let jobCounter = 0;

export function newJobId(): string {
  return `${Date.now().toString(36)}-${(jobCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A job as the page asks for it: the bytes are added here when the page may read them. */
export type JobSpec = Omit<StylizeJobRequest, 'bytes'>;

/**
 * A job's answer: the stylized pixels, and the original as pixels (the runtime fetched and decoded it)
 * or as the page's own bytes, decoded only if a blend ever needs them (decodeOriginal).
 */
export type JobAnswer = ({ ok: true } & StylizeJobResult & ({ original: RgbaImage } | { originalBytes: Uint8Array })) | Failure;

/**
 * Takes a place in the window first, then reads the bytes when the page itself may (same origin or
 * CORS) and asks for the job. Reading inside the window matters: forty pictures reading at once
 * shared six connections, and the nearest one's bytes came 320 ms after page mode started (#21).
 * `stillWanted` is checked after the yield: a picture restored meanwhile sends nothing. `read`
 * lets a picture's first look and its full-size job share one read.
 */
export async function requestStylize(
  spec: JobSpec,
  stillWanted: () => boolean,
  window?: JobWindow,
  read: (url: string) => Promise<Uint8Array | undefined> = (url) => readBytesInPage(url),
): Promise<JobAnswer | null> {
  const release = window ? await window.acquire(spec.priority) : () => undefined;
  try {
    if (!stillWanted()) return null;
    const bytes = await read(spec.url);
    await yieldToMain(); // one picture's message per task: no long tasks when many start at once
    if (!stillWanted()) return null;
    const request = { ...spec, ...(bytes ? { bytes } : {}) };
    return withOriginal(await send(request), bytes);
  } finally {
    release();
  }
}

async function send(request: StylizeJobRequest): Promise<ResponseOf<'stylizeJob'>> {
  if (!import.meta.env.FIREFOX) {
    const direct = await sendToRuntime({ type: 'offscreen.job', ...request });
    if (direct.ok || direct.kind !== 'unreachable') return direct;
  }
  return sendToRuntimeResending({ type: 'stylizeJob', ...request });
}

/** The runtime sends the original back only when it fetched the bytes; otherwise the page keeps its own. */
function withOriginal(res: ResponseOf<'stylizeJob'>, bytes: Uint8Array | undefined): JobAnswer {
  if (!res.ok) return res;
  if (res.original) return { ...res, original: res.original };
  if (!bytes) return failure('engine', 'expected the original picture with the result, found none');
  return { ...res, originalBytes: bytes };
}

/** The original pixels of a kept result, decoded from the page's own bytes the first time a blend needs them. */
export async function originalOf(r: { original?: RgbaImage; originalBytes?: Uint8Array; stylized: RgbaImage }): Promise<RgbaImage> {
  if (r.original) return r.original;
  if (!r.originalBytes) throw new Error('expected the original picture or its bytes, found neither');
  r.original = await decodeOwnBytes(r.originalBytes, r.stylized.width, r.stylized.height);
  r.originalBytes = undefined;
  return r.original;
}

export function cancelJob(jobId: string): void {
  void sendToRuntime({ type: 'cancelJobs', jobIds: [jobId] });
}

/**
 * Reads a picture's bytes once for all the jobs that need them (a first look, then the full size); `el`, the
 * picture's element, tells whether the page may read a cross-origin picture at all (read-bytes.ts).
 */
export function readOnce(el?: Element): (url: string) => Promise<Uint8Array | undefined> {
  let read: Promise<Uint8Array | undefined> | undefined;
  return (url) => {
    read ??= readBytesInPage(url, el);
    return read;
  };
}
