import { afterEach, describe, expect, it, vi } from 'vitest';

/** A chrome stub: the offscreen document exists; sendMessage answers with the given sequence. */
function stubChrome(answers: (() => Promise<unknown>)[]) {
  const sendMessage = vi.fn(() => (answers.shift() as () => Promise<unknown>)());
  vi.stubGlobal('chrome', {
    runtime: {
      sendMessage,
      getURL: (p: string) => `chrome-extension://id/${p}`,
      getContexts: async () => [{}],
      ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT' },
    },
    offscreen: {
      createDocument: async () => undefined,
      closeDocument: async () => undefined,
      Reason: { WORKERS: 'WORKERS', BLOBS: 'BLOBS' },
    },
  });
  return sendMessage;
}

const lost = () => Promise.reject(new Error('The message port closed before a response was received.'));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('askOffscreen', () => {
  it('resends once when the document went away, and succeeds', async () => {
    const send = stubChrome([lost, async () => ({ ok: true, styleId: 'x' })]);
    const { askOffscreen } = await import('../../src/background/offscreen-manager');
    await expect(askOffscreen({ type: 'offscreen.warm', styleId: 'x' })).resolves.toMatchObject({ styleId: 'x' });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('a request that loses the document twice fails as `engine`, so the page does not send it again', async () => {
    const send = stubChrome([lost, lost, lost]);
    const { askOffscreen } = await import('../../src/background/offscreen-manager');
    const { BrushworkError } = await import('../../src/messaging/errors');
    const error = await askOffscreen({ type: 'offscreen.warm', styleId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrushworkError);
    expect((error as InstanceType<typeof BrushworkError>).kind).toBe('engine');
    expect((error as Error).message).toMatch(/stopped twice/);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('other failures pass through with their kind, without a resend', async () => {
    const send = stubChrome([async () => ({ ok: false, kind: 'too-large', error: 'the image is too large to stylize' })]);
    const { askOffscreen } = await import('../../src/background/offscreen-manager');
    await expect(askOffscreen({ type: 'offscreen.warm', styleId: 'x' })).rejects.toMatchObject({ kind: 'too-large' });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
