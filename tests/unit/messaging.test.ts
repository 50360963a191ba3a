import { describe, expect, it, vi } from 'vitest';
import { backgroundPolicy, offscreenPolicy, pagePolicy } from '../../src/messaging/policy';
import { createRouter, dispatch, type HandlerTable } from '../../src/messaging/router';
import { describeValue, httpUrl, imageUrl, v } from '../../src/messaging/validate';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const popup = { id: ID, url: `chrome-extension://${ID}/popup.html` };
const content = { id: ID, url: 'https://example.com/page', tab: { id: 7 }, frameId: 0 };
const offscreen = { id: ID, url: `chrome-extension://${ID}/offscreen.html` };
const background = { id: ID, url: `chrome-extension://${ID}/background.js` };

const handlers: HandlerTable<'stylizeImage' | 'getStatus' | 'reportCounts'> = {
  stylizeImage: async ({ srcUrl }) => ({ matched: srcUrl.length > 0 ? 1 : 0 }),
  getStatus: async () => {
    throw new Error('boom: the status is broken');
  },
  reportCounts: async () => ({}),
};
const opts = { receiver: 'background' as const, handlers, extensionId: ID, senderPolicy: backgroundPolicy(ID) };

describe('router', () => {
  it('runs a valid message from a valid sender', async () => {
    expect(await dispatch(opts, 'stylizeImage', { type: 'stylizeImage', tabId: 3, srcUrl: 'https://x.org/a.png' }, popup)).toEqual({
      ok: true,
      matched: 1,
    });
  });

  it.each([
    [{ type: 'stylizeImage', tabId: -1, srcUrl: 'https://x.org/a.png' }, /tabId: expected an integer/],
    [{ type: 'stylizeImage', tabId: 3 }, /srcUrl: expected a string/],
    [{ type: 'stylizeImage', tabId: 3, srcUrl: 'javascript:alert(1)' }, /expected an http: or https: URL/],
    [{ type: 'stylizeImage', tabId: 3, srcUrl: 'https://user:pw@x.org/a.png' }, /without credentials/],
    [{ type: 'stylizeImage', tabId: 1.5, srcUrl: 'https://x.org/a.png' }, /tabId/],
    [{ type: 'reportCounts', counts: { pending: 1, done: 'x', error: 0, skipped: 0 }, pageMode: false }, /counts.done/],
  ])('answers %j with a typed error', async (message, pattern) => {
    const sender = message.type === 'reportCounts' ? content : popup;
    const r = (await dispatch(opts, message.type, message, sender)) as { ok: boolean; error: string };
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(pattern);
  });

  it('turns a throwing handler into {ok:false, error}', async () => {
    expect(await dispatch(opts, 'getStatus', { type: 'getStatus', tabId: 1 }, popup)).toEqual({
      ok: false,
      kind: 'engine',
      error: 'boom: the status is broken',
    });
  });

  it('refuses other extensions and the wrong kind of sender', async () => {
    expect(await dispatch(opts, 'getStatus', { type: 'getStatus', tabId: 1 }, { ...popup, id: 'evil' })).toMatchObject({
      ok: false,
      error: /sender/,
    });
    expect(await dispatch(opts, 'getStatus', { type: 'getStatus', tabId: 1 }, content)).toMatchObject({
      ok: false,
      error: /extension’s pages/,
    });
    expect(await dispatch(opts, 'reportCounts', { type: 'reportCounts' }, popup)).toMatchObject({ ok: false, error: /content script/ });
  });

  it('answers unknown types and non-objects, but leaves other receivers’ messages alone', () => {
    const listener = createRouter(opts);
    const respond = vi.fn();
    expect(listener({ type: 'offscreen.status' }, background, respond)).toBe(false);
    expect(listener({ type: 'page.restoreAll' }, background, respond)).toBe(false);
    expect(respond).not.toHaveBeenCalled();
    expect(listener('hello', popup, respond)).toBe(false);
    expect(respond).toHaveBeenCalledWith({ ok: false, kind: 'invalid', error: expect.stringMatching(/string "type"/) });
    expect(listener({ type: 'bogus' }, popup, respond)).toBe(true);
  });

  it('answers unknown background messages with an error value', async () => {
    expect(await dispatch(opts, 'bogus', { type: 'bogus' }, popup)).toMatchObject({ ok: false, error: /unknown message "bogus"/ });
  });
});

describe('sender policies', () => {
  it('offscreen obeys only the background service worker, except for jobs, which come straight from our content scripts', () => {
    const p = offscreenPolicy(ID);
    expect(p('offscreen.status', background)).toBeNull();
    expect(p('offscreen.status', popup)).toMatch(/background/);
    expect(p('offscreen.status', content)).toMatch(/background/);
    expect(p('offscreen.stylize', content)).toMatch(/background/);
    expect(p('offscreen.job', content)).toBeNull();
    expect(p('offscreen.job', background)).toMatch(/content script/);
    expect(p('offscreen.job', popup)).toMatch(/content script/);
  });
  it('content scripts obey only the extension, never a tab', () => {
    const p = pagePolicy(ID);
    expect(p('page.restoreAll', { id: ID })).toBeNull();
    expect(p('page.restoreAll', content)).toMatch(/background/);
  });
  it('only the offscreen document may report itself idle', () => {
    const p = backgroundPolicy(ID);
    expect(p('offscreenIdle', offscreen)).toBeNull();
    expect(p('offscreenIdle', popup)).toMatch(/offscreen/);
    expect(p('offscreenReady', offscreen)).toBeNull();
    expect(p('offscreenReady', popup)).toMatch(/offscreen/);
  });
  it('only Brushwork’s video frame in a tab (by its dynamic URL too) may ask for an imported style’s files (#27)', () => {
    const p = backgroundPolicy(ID);
    const frame = { id: ID, url: `chrome-extension://${ID}/video-frame.html#n0nce`, tab: { id: 7 }, frameId: 3 };
    const dynamic = { ...frame, url: 'chrome-extension://0f4c2d9e-1b7a-4c55-9d0e-3a1b2c3d4e5f/video-frame.html#n0nce' };
    expect(p('userStyleFiles', frame)).toBeNull();
    expect(p('userStyleFiles', dynamic)).toBeNull();
    expect(p('userStyleFiles', content)).toMatch(/video frame/);
    expect(p('userStyleFiles', { ...content, url: 'https://example.com/video-frame.html' })).toMatch(/video frame/);
    expect(p('userStyleFiles', popup)).toMatch(/video frame/);
  });
});

describe('URL validators', () => {
  it('accept http(s), data:image and blob: where an image may come from', () => {
    expect(imageUrl()('data:image/png;base64,AAAA', 'u')).toBe('data:image/png;base64,AAAA');
    expect(imageUrl()('blob:https://x.org/1234', 'u')).toBe('blob:https://x.org/1234');
    expect(() => httpUrl()('data:image/png;base64,AAAA', 'u')).toThrow(/http/);
    expect(() => imageUrl()('chrome://settings', 'u')).toThrow(/http/);
    expect(() => imageUrl()('file:///etc/passwd', 'u')).toThrow(/http/);
    expect(() => imageUrl()('not a url', 'u')).toThrow(/absolute URL/);
  });
});

describe('sendToRuntimeResending', () => {
  const job = { type: 'cancelJobs' as const, jobIds: ['j1'] };
  const withChrome = (sendMessage: (m: unknown) => Promise<unknown>) => vi.stubGlobal('chrome', { runtime: { sendMessage } });

  it('resends once when the service worker went away mid-request', async () => {
    const sendMessage = vi
      .fn()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockResolvedValueOnce({ ok: true, cancelled: 1 });
    withChrome(sendMessage);
    const { sendToRuntimeResending } = await import('../../src/messaging/send');
    expect(await sendToRuntimeResending(job)).toEqual({ ok: true, cancelled: 1 });
    expect(sendMessage).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });

  it('does not resend real errors, and reports a lasting loss as a value', async () => {
    const { sendToRuntimeResending } = await import('../../src/messaging/send');
    const refused = vi.fn().mockResolvedValue({ ok: false, error: 'jobIds: expected an array' });
    withChrome(refused);
    expect(await sendToRuntimeResending(job)).toEqual({ ok: false, error: 'jobIds: expected an array' });
    expect(refused).toHaveBeenCalledTimes(1);
    const lost = vi.fn().mockRejectedValue(new Error('The message port closed before a response was received.'));
    withChrome(lost);
    expect(await sendToRuntimeResending(job, { backoffMs: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/port closed/) });
    expect(lost).toHaveBeenCalledTimes(3);
    vi.unstubAllGlobals();
  });
});

describe('error kinds cross contexts as values', () => {
  const kindOpts = (thrown: unknown) => ({
    ...opts,
    handlers: {
      ...handlers,
      getStatus: async () => {
        throw thrown;
      },
    },
  });

  it('a BrushworkError keeps its kind through the router; an AbortError is a cancellation; validation is invalid', async () => {
    const { BrushworkError } = await import('../../src/messaging/errors');
    const { JobCancelledError } = await import('../../src/runtime/job-queue');
    const ask = (thrown: unknown) => dispatch(kindOpts(thrown), 'getStatus', { type: 'getStatus', tabId: 1 }, popup);
    expect(await ask(new BrushworkError('too-large', 'any words at all'))).toEqual({
      ok: false,
      kind: 'too-large',
      error: 'any words at all',
    });
    expect(await ask(new JobCancelledError('displaced by more urgent images'))).toMatchObject({ kind: 'cancelled' });
    expect(await ask(new DOMException('The user aborted a request.', 'AbortError'))).toMatchObject({ kind: 'cancelled' });
    expect(await ask(new Error('cancelled: looks like a cancellation but is not typed'))).toMatchObject({ kind: 'engine' });
    expect(await dispatch(opts, 'stylizeImage', { type: 'stylizeImage', tabId: -1, srcUrl: 'x' }, popup)).toMatchObject({
      kind: 'invalid',
    });
  });

  it('the page decides what to show and which state to take by kind, not by wording', async () => {
    const { ERROR_KINDS } = await import('../../src/messaging/protocol');
    const { friendlyError, stateForFailure } = await import('../../src/page/controller/friendly');
    for (const kind of ERROR_KINDS) expect(friendlyError(kind)).toMatch(/\w/);
    expect(friendlyError('timeout')).toBe('The image server did not answer');
    expect(friendlyError('too-large')).toBe('This image is too large to stylize');
    expect(stateForFailure('skipped')).toBe('skipped');
    expect(ERROR_KINDS.filter((k) => stateForFailure(k) === 'skipped')).toEqual(['skipped']);
  });

  it("Chrome's lost-receiver rejections become `unreachable`; other rejections do not", async () => {
    const { sendFailure } = await import('../../src/messaging/send');
    expect(sendFailure(new Error('Could not establish connection. Receiving end does not exist.')).kind).toBe('unreachable');
    expect(sendFailure(new Error('The message port closed before a response was received.')).kind).toBe('unreachable');
    expect(sendFailure(new Error('Extension context invalidated.')).kind).toBe('unreachable');
    expect(sendFailure(new Error('something else')).kind).toBe('engine');
  });
});

describe('the requester of a job', () => {
  it('is the tab’s top-level origin and the frame’s, from the sender record', async () => {
    const { requesterOf } = await import('../../src/messaging/requester');
    expect(
      requesterOf({ tab: { id: 1, url: 'https://news.example/a?b' }, url: 'https://ads.example/frame', origin: 'https://ads.example' }),
    ).toBe('https://news.example > https://ads.example');
    expect(requesterOf({ tab: { id: 1, url: 'https://news.example/' }, url: 'https://news.example/x' })).toBe(
      'https://news.example > https://news.example',
    );
    expect(requesterOf({ tab: { id: 1 }, url: 'https://news.example/x' })).toBe('unknown > https://news.example');
  });
});

describe('validation edges', () => {
  it('looks handlers up as own properties only', async () => {
    for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty'])
      expect(await dispatch(opts, type, { type }, popup)).toMatchObject({ ok: false, kind: 'invalid', error: /unknown message/ });
  });

  it('measures bytes by the buffer a view would drag along, not by the view', async () => {
    const { v } = await import('../../src/messaging/validate');
    const small = new Uint8Array(new ArrayBuffer(1024), 0, 8);
    expect(() => v.bytes(100)(small, 'bytes')).toThrow(/bytes \(at most 100\)/);
    expect(v.bytes(2048)(small, 'bytes')).toBe(small);
  });
});

describe('what arrived, described without serializing it (#22: JSON of a 33 MiB array took 34 s)', () => {
  it('names typed arrays, buffers, arrays and objects by size, and cuts long strings', () => {
    expect(describeValue(new Uint8Array(33 * 1024 * 1024))).toBe('Uint8Array of 34603008 bytes');
    expect(describeValue(new ArrayBuffer(9))).toBe('ArrayBuffer of 9 bytes');
    expect(describeValue(Array(10_001).fill('j'))).toBe('an array of 10001 items');
    expect(describeValue({ a: 1, b: 2 })).toBe('an object with keys a, b');
    expect(describeValue('A'.repeat(32 * 1024 * 1024))).toBe(`"${'A'.repeat(40)}"… (33554432 characters)`);
    expect(describeValue('short')).toBe('"short"');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Number.NaN)).toBe('NaN');
  });

  it('a refusal names what was expected and what arrived in one sentence', () => {
    expect(() => v.bytes(16)(new Uint8Array(17), 'bytes')).toThrow('bytes: expected bytes (at most 16), found Uint8Array of 17 bytes');
    expect(() => v.int(0, 9)('7', 'width')).toThrow('width: expected an integer 0..9, found "7"');
  });
});
