import { describe, expect, it } from 'vitest';
import { answerUserStyles, askFrameForUserStyles, toWire } from '../../src/runtime/browser/video-user-styles';

type Listener = (e: MessageEvent) => void;

/** A worker and its frame wired to each other, as postMessage would (asynchronously). */
function pair() {
  const toWorker: Listener[] = [];
  const toFrame: Listener[] = [];
  const deliver = (ls: Listener[], data: unknown) =>
    queueMicrotask(() => {
      for (const l of ls) l({ data } as MessageEvent);
    });
  const worker = {
    addEventListener: (_t: string, l: Listener) => toFrame.push(l),
    postMessage: (data: unknown) => deliver(toWorker, data),
  } as unknown as Worker;
  const scope = { addEventListener: (_t: string, l: Listener) => toWorker.push(l), postMessage: (data: unknown) => deliver(toFrame, data) };
  return { worker, scope };
}

describe('imported styles for the video engines (#27)', () => {
  it('a video engine gets an imported style’s files, byte for byte, by asking its frame', async () => {
    const { worker, scope } = pair();
    const weights = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const asked: string[] = [];
    answerUserStyles(worker, async (id) => {
      asked.push(id);
      return toWire({ id, manifestText: '{"m":1}', weightsFile: 'weights.bin', weights });
    });
    const read = askFrameForUserStyles(scope);
    const [a, b] = await Promise.all([read('mine-a'), read('mine-b')]);
    expect(asked).toEqual(['mine-a', 'mine-b']);
    expect(a).toEqual({ id: 'mine-a', manifestText: '{"m":1}', weightsFile: 'weights.bin', weights });
    expect(b?.id).toBe('mine-b');
  });

  it('a style the background cannot give (removed) fails with its reason', async () => {
    const { worker, scope } = pair();
    answerUserStyles(worker, async (id) => {
      throw new Error(`style ${id}: expected an imported style, found none (it was removed)`);
    });
    await expect(askFrameForUserStyles(scope)('mine-gone')).rejects.toThrow(/mine-gone: expected an imported style, found none/);
  });
});
