/**
 * Fuzzing, seeded and CI-sized: ≥ 10,000 generated inputs each for the message
 * router (every receiver's schema) and the model loader. No crash, no hang,
 * always a typed answer. FUZZ_RUNS raises the count for a longer soak.
 */
import { describe, expect, it } from 'vitest';
import { backgroundPolicy, offscreenPolicy, pagePolicy } from '../../src/messaging/policy';
import { ERROR_KINDS, type MessageName } from '../../src/messaging/protocol';
import { dispatch, type HandlerTable } from '../../src/messaging/router';
import { requestSchemas } from '../../src/messaging/schemas';
import { crc32Hex } from '../../src/model/crc32';
import { decodeModel, MAX_ABS_WEIGHT, ModelFileError } from '../../src/model/format';
import { mulberry32 } from '../../src/model/init';
import { encodedSeededModel } from '../helpers/models';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const ID = 'fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz';

type Rand = () => number;

function randomValue(r: Rand, depth = 0): unknown {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return r() < 0.5;
    case 3:
      return Math.floor((r() - 0.5) * 2 ** (r() * 40));
    case 4:
      return [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -1, 0.5][Math.floor(r() * 6)];
    case 5:
      return [
        '',
        'x',
        'https://a.example/i.png',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:image/png;base64,AA',
        'blob:https://a/1',
        '../../x',
        'a'.repeat(10_000),
      ][Math.floor(r() * 9)];
    case 6:
      return String.fromCharCode(...Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 0xffff)));
    case 7:
      return new Uint8Array(Math.floor(r() * 64));
    case 8:
      return depth < 3 ? Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1)) : [];
    case 9:
      return depth < 3 ? { pending: randomValue(r, depth + 1), done: 1, error: 0, skipped: 0 } : {};
    default:
      return depth < 3
        ? Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]))
        : {};
  }
}

const names = Object.keys(requestSchemas) as MessageName[];
const fieldsOf: Record<string, string[]> = {
  stylizeImage: ['tabId', 'srcUrl'],
  setPageMode: ['tabId', 'enabled'],
  restoreAll: ['tabId'],
  getStatus: ['tabId'],
  stylizeJob: ['jobId', 'url', 'styleId', 'width', 'height', 'priority', 'bytes'],
  'offscreen.stylize': ['jobId', 'url', 'styleId', 'width', 'height', 'priority', 'bytes', 'tabId', 'requester'],
  cancelJobs: ['jobIds'],
  'offscreen.cancel': ['jobIds'],
  'offscreen.warm': ['styleId'],
  reportCounts: ['counts', 'pageMode', 'document'],
  'page.stylizeBySrc': ['srcUrl'],
  'page.restoreBySrc': ['srcUrl'],
  checkResponseAddress: ['url', 'since', 'cors'],
};

function randomMessage(r: Rand): unknown {
  if (r() < 0.05) return randomValue(r);
  const type = r() < 0.9 ? names[Math.floor(r() * names.length)] : randomValue(r);
  const msg: Record<string, unknown> = { type };
  for (const f of fieldsOf[String(type)] ?? []) if (r() < 0.85) msg[f] = randomValue(r);
  if (r() < 0.2) msg[`extra${Math.floor(r() * 3)}`] = randomValue(r);
  return msg;
}

const senders = [
  { id: ID, url: `chrome-extension://${ID}/popup.html` },
  { id: ID, url: 'https://page.example/', tab: { id: 3 }, frameId: 0 },
  { id: ID, url: `chrome-extension://${ID}/background.js` },
  { id: ID, url: `chrome-extension://${ID}/offscreen.html` },
  { id: 'other-extension', url: 'chrome-extension://other/popup.html' },
  {},
];

/** Handlers that accept anything valid: the fuzz target is validation and dispatch. */
const okHandlers = Object.fromEntries(names.map((n) => [n, async () => ({})])) as unknown as HandlerTable<MessageName>;

describe('fuzzing the message router', () => {
  it(`answers ${RUNS} generated messages with {ok:true} or {ok:false, error}, never a throw`, async () => {
    const r = mulberry32(20261127);
    const receivers = [
      { receiver: 'background' as const, senderPolicy: backgroundPolicy(ID) },
      { receiver: 'offscreen' as const, senderPolicy: offscreenPolicy(ID) },
      { receiver: 'page' as const, senderPolicy: pagePolicy(ID) },
    ];
    let accepted = 0;
    const started = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const message = randomMessage(r);
      const sender = senders[Math.floor(r() * senders.length)] as (typeof senders)[number];
      const { receiver, senderPolicy } = receivers[Math.floor(r() * receivers.length)] as (typeof receivers)[number];
      const type = (message as { type?: unknown } | null)?.type;
      const answer = (await dispatch({ receiver, handlers: okHandlers, extensionId: ID, senderPolicy }, String(type), message, sender)) as {
        ok: boolean;
        error?: string;
      };
      expect(typeof answer.ok).toBe('boolean');
      if (answer.ok) {
        accepted++;
        // Accepted only if the message really satisfies its schema, from a sender its policy allows.
        const name = String(type) as MessageName;
        expect(() => requestSchemas[name](message, name)).not.toThrow();
        expect(senderPolicy(name, sender)).toBeNull();
        expect(sender.id).toBe(ID);
      } else {
        expect(answer.error).toMatch(/\S/);
        expect(ERROR_KINDS).toContain((answer as { kind?: string }).kind);
      }
    }
    expect(accepted).toBeGreaterThan(0); // the generator does reach the handlers
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

describe('refusals that must hold whatever else a message says', () => {
  it('senders outside the extension, oversized payloads and arrays are always refused', async () => {
    const r = mulberry32(7);
    const opts = { receiver: 'background' as const, handlers: okHandlers, extensionId: ID, senderPolicy: backgroundPolicy(ID) };
    for (let i = 0; i < 500; i++) {
      const message = randomMessage(r) as Record<string, unknown>;
      const foreign = await dispatch(opts, String(message?.type), message, senders[4] as (typeof senders)[number]);
      expect(foreign).toMatchObject({ ok: false, kind: 'invalid' });
    }
    const content = senders[1] as (typeof senders)[number];
    const job = {
      type: 'stylizeJob',
      jobId: 'j',
      url: 'https://a.example/i.png',
      styleId: 'starry-night',
      width: 10,
      height: 10,
      priority: 0,
    };
    expect(await dispatch(opts, 'stylizeJob', job, content)).toMatchObject({ ok: true });
    expect(
      await dispatch(opts, 'stylizeJob', { ...job, url: `data:image/png;base64,${'A'.repeat(32 * 1024 * 1024)}` }, content),
    ).toMatchObject({
      ok: false,
    });
    expect(await dispatch(opts, 'stylizeJob', { ...job, bytes: new Uint8Array(33 * 1024 * 1024) }, content)).toMatchObject({ ok: false });
    expect(await dispatch(opts, 'stylizeJob', { ...job, width: 100_000 }, content)).toMatchObject({ ok: false });
    expect(await dispatch(opts, 'cancelJobs', { type: 'cancelJobs', jobIds: Array(10_001).fill('j') }, content)).toMatchObject({
      ok: false,
    });
  });

  it('a valid model file describing a huge architecture is refused before its weights are read', () => {
    const { manifestJson, bin } = encodedSeededModel(3);
    const manifest = JSON.parse(manifestJson) as Record<string, unknown>;
    for (const arch of [
      { kind: 'johnson', alpha: 4, blocks: 16, small: false },
      { kind: 'johnson', alpha: 2, blocks: 5, small: false },
      { kind: 'shuffle', alpha: 4, blocks: 16, small: false },
    ])
      expect(() => decodeModel({ ...manifest, arch }, bin)).toThrow(/expected at most .* (weights|multiply-adds per pixel)/);
  });
});

describe('fuzzing the model loader', () => {
  it(`rejects ${RUNS} mutated model files with a ModelFileError or loads sane weights`, () => {
    const r = mulberry32(1127);
    const { manifestJson, bin } = encodedSeededModel(3);
    const manifest = JSON.parse(manifestJson) as Record<string, unknown>;
    let loaded = 0;
    for (let i = 0; i < RUNS; i++) {
      const m: Record<string, unknown> = structuredClone(manifest);
      let b = bin.slice();
      const kind = Math.floor(r() * 6);
      if (kind === 0) {
        const keys = ['format', 'version', 'arch', 'weights', 'style'];
        m[keys[Math.floor(r() * keys.length)] as string] = randomValue(r);
      } else if (kind === 1) {
        const arch = m.arch as Record<string, unknown>;
        arch[['kind', 'alpha', 'blocks', 'small'][Math.floor(r() * 4)] as string] = randomValue(r);
      } else if (kind === 2) b = b.subarray(0, Math.floor(r() * b.length));
      else {
        for (let k = 0; k < 1 + Math.floor(r() * 8); k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
        // Half the time the attacker also fixes the checksum: the value checks must still hold.
        if (kind >= 4) (m.weights as Record<string, unknown>).crc32 = crc32Hex(b);
      }
      try {
        const decoded = decodeModel(m, b);
        loaded++;
        for (const values of decoded.weights.values())
          for (const v of values)
            if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_WEIGHT * 1.01) throw new Error(`unsafe weight ${v} loaded`);
      } catch (e) {
        if (!(e instanceof ModelFileError)) throw e;
        expect(e.message).toMatch(/: expected .+, found /);
      }
    }
    expect(loaded).toBeGreaterThan(0); // byte flips with a fixed CRC inside the codes still load, safely
  });
});
