/**
 * Per-tab state kept in chrome.storage.session, because Chrome stops an idle
 * MV3 service worker and its globals go with it.
 */
import { emptyCounts, type ImageState, type StateCounts } from '../messaging/protocol';
import { showBadge } from './badge';

interface TabRecord {
  frames: Record<string, StateCounts>;
  pageMode: boolean;
  /** Frame → the document confirmed to report there since the record was last reset (see recordCounts). */
  documents?: Record<string, string>;
}

const key = (tabId: number) => `tab:${tabId}`;

/**
 * Every change to a tab's record is a read-modify-write of chrome.storage.session;
 * two frames reporting at once would each read the old record and the second
 * write would drop the first frame's counts (#22). Changes to one tab run one
 * after another.
 */
const chains = new Map<number, Promise<unknown>>();

function serialized<T>(tabId: number, change: () => Promise<T>): Promise<T> {
  const previous = chains.get(tabId) ?? Promise.resolve();
  const next = previous.then(change, change);
  const tail = next.catch(() => undefined);
  chains.set(tabId, tail);
  void tail.then(() => {
    if (chains.get(tabId) === tail) chains.delete(tabId);
  });
  return next;
}

export async function readTab(tabId: number): Promise<TabRecord> {
  const got = await chrome.storage.session.get(key(tabId));
  return (got[key(tabId)] as TabRecord | undefined) ?? { frames: {}, pageMode: false };
}

async function writeTab(tabId: number, record: TabRecord): Promise<void> {
  await chrome.storage.session.set({ [key(tabId)]: record });
  await showBadge(tabId, record.pageMode, sumCounts(record.frames));
}

/**
 * What a frame's document reports, and how to ask the frame which document it hosts now (its page.ping
 * answer's token, null when nothing answers).
 */
export interface CountsReport {
  counts: StateCounts;
  pageMode: boolean;
  document: string;
  hostedNow: () => Promise<string | null>;
}

/**
 * A document's first report since the record was reset is recorded only if the frame still hosts it: a
 * reload resets the record, and the old document's last report, delivered after that, set page mode on
 * again with its counts (#30, seen under load). Retiring the old document at the reset instead would drop
 * a live page's reports for good after a reset triggered wrongly; asking the frame keeps those.
 */
export function recordCounts(tabId: number, frameId: number, report: CountsReport): Promise<void> {
  const { counts, pageMode, document } = report;
  return serialized(tabId, async () => {
    const record = await readTab(tabId);
    const frame = String(frameId);
    if (record.documents?.[frame] !== document) {
      if ((await report.hostedNow()) !== document) return;
      record.documents = { ...record.documents, [frame]: document };
    }
    record.frames[frame] = counts;
    if (frameId === 0) record.pageMode = pageMode;
    await writeTab(tabId, record);
  });
}

export function recordPageMode(tabId: number, pageMode: boolean): Promise<void> {
  return serialized(tabId, async () => {
    const record = await readTab(tabId);
    await writeTab(tabId, { ...record, pageMode });
  });
}

export function forgetTab(tabId: number): Promise<void> {
  return serialized(tabId, () => chrome.storage.session.remove(key(tabId)));
}

/** A new document in the tab: no frames counted, page mode off (and the badge with it). */
export function resetTab(tabId: number): Promise<void> {
  return serialized(tabId, () => writeTab(tabId, { frames: {}, pageMode: false }));
}

export function sumCounts(frames: Record<string, StateCounts>): StateCounts {
  const total = emptyCounts();
  for (const c of Object.values(frames))
    for (const k of Object.keys(total) as (ImageState | 'videos')[]) total[k] = (total[k] ?? 0) + (c[k] ?? 0);
  return total;
}
