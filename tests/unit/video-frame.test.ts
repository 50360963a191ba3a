import { describe, expect, it } from 'vitest';
import { VIDEO_PORT_WORD, validFrameRequest } from '../../src/messaging/video-channel';
import { MAX_VIDEO_ENGINES, serveVideoFrame } from '../../src/runtime/browser/video-frame';

type Listener = (e: MessageEvent) => void;

function frame(hash = '#secret') {
  const parent = {};
  let listener: Listener = () => undefined;
  const win = {
    location: { hash },
    parent,
    addEventListener: (_type: string, l: Listener) => {
      listener = l;
    },
  } as unknown as Window;
  const started: { init: unknown; transfer: unknown[] }[] = [];
  const startWorker = () =>
    ({
      postMessage: (init: unknown, transfer: unknown[]) => started.push({ init, transfer }),
    }) as unknown as Worker;
  serveVideoFrame({ wasmBaseUrl: 'x:/wasm/', packageBaseUrl: 'x:/' }, startWorker, win);
  const post = (data: unknown, ports: unknown[], source: unknown = parent) => listener({ data, ports, source } as unknown as MessageEvent);
  return { post, started, parent };
}

const port = () => ({}) as MessagePort;

describe('the video engines’ frame (#27)', () => {
  it('gives each port from the embedding window, with the nonce, to an engine worker of its own', () => {
    const f = frame();
    const ports = [port(), port()];
    f.post({ word: VIDEO_PORT_WORD, nonce: 'secret' }, ports);
    expect(f.started).toHaveLength(2);
    expect(f.started[0]).toEqual({
      init: { kind: 'init', wasmBaseUrl: 'x:/wasm/', packageBaseUrl: 'x:/', port: ports[0] },
      transfer: [ports[0]],
    });
  });

  it('ignores a wrong nonce, another window, too many ports, and any handover after the first', () => {
    const f = frame();
    f.post({ word: VIDEO_PORT_WORD, nonce: 'guess' }, [port()]);
    f.post({ word: VIDEO_PORT_WORD, nonce: 'secret' }, [port()], {});
    f.post({ word: VIDEO_PORT_WORD, nonce: 'secret' }, Array.from({ length: MAX_VIDEO_ENGINES + 1 }, port));
    f.post({ word: 'other', nonce: 'secret' }, [port()]);
    expect(f.started).toHaveLength(0);
    f.post({ word: VIDEO_PORT_WORD, nonce: 'secret' }, [port()]);
    f.post({ word: VIDEO_PORT_WORD, nonce: 'secret' }, [port()]);
    expect(f.started).toHaveLength(1);
  });

  it('accepts nothing without a nonce in its URL', () => {
    const f = frame('');
    f.post({ word: VIDEO_PORT_WORD, nonce: '' }, [port()]);
    expect(f.started).toHaveLength(0);
  });
});

describe('video frame requests', () => {
  it('refuses what is not a frame request', () => {
    expect(validFrameRequest(null)).toBeNull();
    expect(validFrameRequest({ kind: 'frame', id: 1, styleId: 'starry-night', frame: {}, intensity: 1, keepColours: false })).toBeNull();
    expect(validFrameRequest({ kind: 'frame', id: 1.5, styleId: 'starry-night', intensity: 1, keepColours: false })).toBeNull();
  });

  /** A 4×2 I420 frame's planes (Y 8 bytes, U and V 2 each), to be painted at 2×1. */
  const yuv = (over: Record<string, unknown> = {}) => ({
    kind: 'yuv',
    format: 'I420',
    width: 4,
    height: 2,
    planes: [
      { offset: 0, stride: 4 },
      { offset: 8, stride: 2 },
      { offset: 10, stride: 2 },
    ],
    data: new ArrayBuffer(12),
    matrix: 'bt709',
    fullRange: false,
    ...over,
  });
  const request = (frame: unknown, size: unknown = { width: 2, height: 1 }) => ({
    kind: 'frame',
    id: 1,
    styleId: 'starry-night',
    frame,
    size,
    intensity: 1,
    keepColours: false,
  });

  it('takes a frame as its YUV planes with the size to paint it at', () => {
    expect(validFrameRequest(request(yuv()))).not.toBeNull();
  });

  it('refuses YUV planes that reach past their buffer, have no size to paint at, or are not I420/NV12', () => {
    expect(validFrameRequest(request(yuv({ data: new ArrayBuffer(11) })))).toBeNull();
    expect(
      validFrameRequest(
        request(
          yuv({
            planes: [
              { offset: 0, stride: 4 },
              { offset: 8, stride: 2 },
              { offset: 11, stride: 2 },
            ],
          }),
        ),
      ),
    ).toBeNull();
    expect(validFrameRequest(request(yuv(), null))).toBeNull();
    expect(validFrameRequest(request(yuv(), { width: 0, height: 1 }))).toBeNull();
    expect(validFrameRequest(request(yuv(), { width: 5000, height: 1 }))).toBeNull();
    expect(validFrameRequest(request(yuv({ format: 'RGBA' })))).toBeNull();
    expect(validFrameRequest(request(yuv({ data: new Uint8Array(12) })))).toBeNull();
  });
});
