/**
 * Per-tab state kept in chrome.storage.session, because Chrome stops an idle
 * MV3 service worker and its globals go with it.
 */
import { emptyCounts, type ImageState, type StateCounts } from '../messaging/protocol';
import { showBadge } from './badge';

interface TabRecord {
  frames: Record<string, StateCounts>;
  pageMode: boolean;
}

const key = (tabId: number) => `tab:${tabId}`;

export async function readTab(tabId: number): Promise<TabRecord> {
  const got = await chrome.storage.session.get(key(tabId));
  return (got[key(tabId)] as TabRecord | undefined) ?? { frames: {}, pageMode: false };
}

async function writeTab(tabId: number, record: TabRecord): Promise<void> {
  await chrome.storage.session.set({ [key(tabId)]: record });
  await showBadge(tabId, record.pageMode, sumCounts(record.frames));
}

export async function recordCounts(tabId: number, frameId: number, counts: StateCounts, pageMode: boolean): Promise<void> {
  const record = await readTab(tabId);
  record.frames[String(frameId)] = counts;
  if (frameId === 0) record.pageMode = pageMode;
  await writeTab(tabId, record);
}

export async function recordPageMode(tabId: number, pageMode: boolean): Promise<void> {
  const record = await readTab(tabId);
  await writeTab(tabId, { ...record, pageMode });
}

export async function forgetTab(tabId: number): Promise<void> {
  await chrome.storage.session.remove(key(tabId));
}

export async function forgetFrames(tabId: number): Promise<void> {
  const record = await readTab(tabId);
  await writeTab(tabId, { ...record, frames: {} });
}

export function sumCounts(frames: Record<string, StateCounts>): StateCounts {
  const total = emptyCounts();
  for (const c of Object.values(frames)) for (const k of Object.keys(total) as ImageState[]) total[k] += c[k] ?? 0;
  return total;
}
