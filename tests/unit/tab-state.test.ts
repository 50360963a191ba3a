/**
 * Tab state in chrome.storage.session (#22): frames reporting at once never
 * lose each other's counts (the read-modify-write is serialized per tab), and
 * changes apply in the order they were asked for.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTab, recordCounts, recordPageMode, resetTab, sumCounts } from '../../src/background/tab-state';
import { emptyCounts } from '../../src/messaging/protocol';

let store: Record<string, unknown>;
/** Storage answers after a tick, in any order a real one could: the read of one change can pass another's write. */
const later = <T>(value: T) => new Promise<T>((r) => setTimeout(() => r(value), Math.random() * 3));

beforeEach(() => {
  store = {};
  vi.stubGlobal('chrome', {
    storage: {
      session: {
        get: async (k: string) => later({ [k]: structuredClone(store[k]) }),
        set: async (items: Record<string, unknown>) => later(Object.assign(store, structuredClone(items))),
        remove: async (k: string) => later(delete store[k]),
      },
    },
    action: { setBadgeBackgroundColor: async () => undefined, setBadgeText: async () => undefined },
    i18n: { getMessage: () => 'on' },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const counts = (done: number) => ({ ...emptyCounts(), done });
const live = (c: ReturnType<typeof counts>, pageMode: boolean) => ({ counts: c, pageMode, document: 'doc', hostedNow: async () => 'doc' });

describe('tab state', () => {
  it('keeps every frame when twenty frames report at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, frame) => recordCounts(7, frame, live(counts(1), true))));
    const record = await readTab(7);
    expect(Object.keys(record.frames)).toHaveLength(20);
    expect(sumCounts(record.frames).done).toBe(20);
    expect(record.pageMode).toBe(true);
  });

  it('applies changes to one tab in the order they were asked for', async () => {
    await Promise.all([
      recordCounts(3, 0, live(counts(2), true)),
      recordPageMode(3, true),
      resetTab(3),
      recordCounts(3, 1, live(counts(5), false)),
    ]);
    const record = await readTab(3);
    expect(record.pageMode).toBe(false); // the reset came after page mode was switched on
    expect(record.frames).toEqual({ 1: counts(5) });
  });
});
