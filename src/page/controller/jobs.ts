/** The page's side of a stylize job: one message to the background, resent if the service worker was stopped. */
import type { ResponseOf, StylizeJobRequest } from '../../messaging/protocol';
import { sendToRuntime, sendToRuntimeResending } from '../../messaging/send';
import { yieldToMain } from '../yield';
import { readBytesInPage } from './read-bytes';

let jobCounter = 0;

export function newJobId(): string {
  return `${Date.now().toString(36)}-${(jobCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A job as the page asks for it: the bytes are added here when the page may read them. */
export type JobSpec = Omit<StylizeJobRequest, 'bytes'>;

/**
 * Reads the bytes when the page itself may (same origin or CORS), then asks
 * for the job. `stillWanted` is checked after the yield: a picture restored
 * meanwhile sends nothing.
 */
export async function requestStylize(spec: JobSpec, stillWanted: () => boolean): Promise<ResponseOf<'stylizeJob'> | null> {
  const bytes = await readBytesInPage(spec.url);
  await yieldToMain(); // one picture's message per task: no long tasks when many start at once
  if (!stillWanted()) return null;
  return sendToRuntimeResending({ type: 'stylizeJob', ...spec, ...(bytes ? { bytes } : {}) });
}

export function cancelJob(jobId: string): void {
  void sendToRuntime({ type: 'cancelJobs', jobIds: [jobId] });
}
