/** Runtime validators for every request in protocol.ts. */
import type { MessageName, StateCounts } from './protocol';
import { imageUrl, type Validator, v } from './validate';

/** The largest image a page may hand over as bytes (bigger ones are refused before decoding anyway). */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
export const MAX_SIDE = 4096;
/** Far above any animation the runtime paints (animation-limits.ts refuses by its header first). */
export const MAX_FRAME_INDEX = 100_000;

const tabId = v.int(0, 2 ** 31);
const jobId = v.string(64);
const styleId = (x: unknown, p: string) => {
  const s = v.string(64)(x, p);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(s)) throw new Error(`${p}: expected a style id like "starry-night", found ${JSON.stringify(s)}`);
  return s;
};
const count = v.int(0, 1_000_000);
const counts: Validator<StateCounts> = v.object({ pending: count, done: count, error: count, skipped: count, videos: v.optional(count) });
const empty = v.object({});

const job = {
  jobId,
  url: imageUrl(),
  styleId,
  width: v.int(1, MAX_SIDE),
  height: v.int(1, MAX_SIDE),
  priority: v.number(0, 1e9),
  bytes: v.optional(v.bytes(MAX_IMAGE_BYTES)),
  frame: v.optional(v.int(0, MAX_FRAME_INDEX)),
};

export const requestSchemas: { [K in MessageName]: Validator<unknown> } = {
  stylizeImage: v.object({ tabId, srcUrl: imageUrl() }),
  setPageMode: v.object({ tabId, enabled: v.boolean() }),
  restoreAll: v.object({ tabId }),
  getStatus: v.object({ tabId }),
  warmUp: v.object({ styleId, tabId: v.optional(tabId) }),
  clearCaches: empty,
  previewStyle: v.object({ styleId }),
  stylizeJob: v.object(job),
  cancelJobs: v.object({ jobIds: v.array(jobId, 10_000) }),
  reportCounts: v.object({ counts, pageMode: v.boolean(), document: v.string(64) }),
  offscreenIdle: empty,
  offscreenReady: empty,
  checkResponseAddress: v.object({ url: imageUrl(), since: v.number(0, 1e15), cors: v.optional(v.boolean()) }),
  hasSiteAccess: v.object({ url: imageUrl() }),
  dataImagePolicy: v.object({ documentUrl: v.string(8192) }),
  userStyleFiles: v.object({ styleId }),
  'offscreen.job': v.object(job),
  'offscreen.stylize': v.object({ ...job, tabId, requester: v.string(600) }),
  'offscreen.cancel': v.object({ jobIds: v.array(jobId, 10_000) }),
  'offscreen.cancelTab': v.object({ tabId }),
  'offscreen.status': empty,
  'offscreen.warm': v.object({ styleId }),
  'offscreen.preview': v.object({ styleId }),
  'offscreen.clearCaches': empty,
  'page.stylizeBySrc': v.object({ srcUrl: imageUrl(), styleId: v.optional(styleId) }),
  'page.setPageMode': v.object({ enabled: v.boolean() }),
  'page.restoreBySrc': v.object({ srcUrl: imageUrl() }),
  'page.saveBySrc': v.object({ srcUrl: imageUrl() }),
  'page.restoreAll': empty,
  'page.ping': empty,
};
