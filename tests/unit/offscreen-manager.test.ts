/**
 * The offscreen handshake (#22): ensureOffscreen waits for the document's
 * offscreenReady before the first request, whenever that word comes; a document
 * that never says it gives an `engine` failure; a request lost twice fails as
 * `engine` instead of being resent for ever.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { askOffscreen, ensureOffscreen, OFFSCREEN_READY_MS, offscreenSaidReady } from '../../src/background/offscreen-manager';

interface FakeChrome {
  exists: boolean;
  created: number;
  sent: unknown[];
  /** What createDocument does besides creating: e.g. the document saying it is ready at once. */
  onCreate: () => void;
  answer: (request: unknown) => Promise<unknown>;
}

let fake: FakeChrome;

beforeEach(() => {
  fake = { exists: false, created: 0, sent: [], onCreate: () => undefined, answer: async () => ({ ok: true }) };
  vi.stubGlobal('chrome', {
    runtime: {
      id: 'id',
      ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT' },
      getURL: (p: string) => `chrome-extension://id/${p}`,
      getContexts: async () => (fake.exists ? [{}] : []),
      sendMessage: async (request: unknown) => {
        fake.sent.push(request);
        return fake.answer(request);
      },
    },
    declarativeNetRequest: { updateSessionRules: async () => undefined },
    offscreen: {
      Reason: { WORKERS: 'WORKERS', BLOBS: 'BLOBS' },
      createDocument: async () => {
        fake.created++;
        fake.exists = true;
        fake.onCreate();
      },
      closeDocument: async () => {
        fake.exists = false;
      },
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ensureOffscreen', () => {
  it('waits for offscreenReady after creating the document', async () => {
    let settled = false;
    const p = ensureOffscreen().then(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(fake.created).toBe(1);
    expect(settled).toBe(false);
    offscreenSaidReady();
    await p;
    expect(settled).toBe(true);
  });

  it('hears a ready word that comes before createDocument returns', async () => {
    fake.onCreate = () => offscreenSaidReady();
    await ensureOffscreen();
    expect(fake.created).toBe(1);
  });

  it('fails as engine when the document never says it is ready', async () => {
    vi.useFakeTimers();
    const p = ensureOffscreen();
    const failed = expect(p).rejects.toMatchObject({ kind: 'engine', message: expect.stringMatching(/did not start/) });
    await vi.advanceTimersByTimeAsync(OFFSCREEN_READY_MS + 1);
    await failed;
  });

  it('does not wait again for a document that already exists', async () => {
    fake.exists = true;
    await ensureOffscreen();
    expect(fake.created).toBe(0);
  });
});

describe('askOffscreen', () => {
  it('resends once when the document was lost, and fails as engine when it is lost twice', async () => {
    fake.exists = true;
    fake.answer = async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    await expect(askOffscreen({ type: 'offscreen.status' })).rejects.toMatchObject({
      kind: 'engine',
      message: expect.stringMatching(/stopped answering twice/),
    });
    expect(fake.sent).toHaveLength(2);
  });

  it('a lost first answer then a good one succeeds', async () => {
    fake.exists = true;
    let calls = 0;
    fake.answer = async () => {
      calls++;
      if (calls === 1) throw new Error('The message port closed before a response was received.');
      return { ok: true, queued: 0 };
    };
    await expect(askOffscreen({ type: 'offscreen.status' })).resolves.toMatchObject({ ok: true });
  });
});
