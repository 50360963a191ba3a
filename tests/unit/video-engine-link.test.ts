/**
 * The content script's end of the video frame channel (#27): a Brushwork frame that does not come up in a
 * page (blocked, an error page in its place) is noticed at its load, by the missing handshake, and every
 * frame, waiting or to come, fails at once for good (`fatal`), instead of waiting for the engines' 20 s start.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_DID_NOT_LOAD, HANDSHAKE_MS, type PaintResult, VideoEngineLink } from '../../src/page/video/engine-link';

type Posted = { data: unknown; ports: MessagePort[] };

/** Just enough DOM for the link: the host, its closed shadow root and the <iframe>, whose `load` the test fires. */
function fakeDocument() {
  const frames: { load: () => void; posted: Posted[] }[] = [];
  const element = () => ({ style: { setProperty: () => undefined }, remove: () => undefined });
  const doc = {
    createElement: (tag: string) => {
      if (tag !== 'iframe') return { ...element(), attachShadow: () => ({ append: () => undefined }) };
      const frame: { load: () => void; posted: Posted[] } = { load: () => undefined, posted: [] };
      frames.push(frame);
      return {
        ...element(),
        src: '',
        addEventListener: (_type: string, l: () => void) => {
          frame.load = l;
        },
        contentWindow: { postMessage: (data: unknown, _origin: string, ports: MessagePort[]) => frame.posted.push({ data, ports }) },
      };
    },
    documentElement: { append: () => undefined },
  };
  return { doc, frames };
}

/** A transferable stand-in for a video frame's ImageBitmap (Node has none). */
const frameJob = () => ({
  styleId: 'starry-night',
  frame: Object.assign(new ArrayBuffer(8), { close: () => undefined }) as unknown as ImageBitmap,
  intensity: 1,
  keepColours: false,
});
/** Node delivers a MessagePort message a few event-loop turns after it is posted. */
const macrotasks = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('the video engine link’s handshake (#27)', () => {
  let frames: ReturnType<typeof fakeDocument>['frames'];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = fakeDocument();
    frames = fake.frames;
    vi.stubGlobal('document', fake.doc);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const link = () =>
    new VideoEngineLink(
      () => 'chrome-extension://dynamic/video-frame.html',
      () => 'chrome-extension://ours',
    );

  it('a frame that loads but takes no port fails every frame at once, with the reason, for good', async () => {
    const l = link();
    const first = l.paint(frameJob());
    frames[0]?.load(); // an error page, or anything not ours: it never answers
    vi.advanceTimersByTime(HANDSHAKE_MS);
    expect(await first).toEqual({ ok: false, error: FRAME_DID_NOT_LOAD, fatal: true });
    expect(await l.paint(frameJob())).toEqual({ ok: false, error: FRAME_DID_NOT_LOAD, fatal: true });
    l.close();
  });

  it('a frame that takes its ports (ours, loaded) is waited for: its engines may take their time to start', async () => {
    const l = link();
    let settled: PaintResult | null = null;
    void l.paint(frameJob()).then((r) => {
      settled = r;
    });
    frames[0]?.load();
    const handover = frames[0]?.posted[0];
    expect(handover?.ports).toHaveLength(2);
    for (const port of handover?.ports ?? []) port.postMessage({ kind: 'taken' }); // what video-frame.ts answers
    await macrotasks();
    vi.advanceTimersByTime(HANDSHAKE_MS);
    await macrotasks();
    expect(settled, JSON.stringify(settled)).toBeNull();
    for (const port of handover?.ports ?? []) port.close();
    l.close();
  });
});
