/**
 * The reasons a picture is left as it is reach the page in the person's language (README, Languages):
 * the runtime has no chrome.i18n, so each refusal it makes carries a locale key beside its English
 * sentence; the sentence must read exactly as the English locale words that key, and the page words it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BrushworkError, failureFrom, throwFailure } from '../../src/messaging/errors';
import type { Refusal } from '../../src/messaging/protocol';
import { reasonText } from '../../src/page/controller/friendly';
import { privateAddressRefusal } from '../../src/runtime/address-policy';
import { MAX_ANIMATION_FRAMES, refuseAnimation } from '../../src/runtime/animation-limits';
import { checkBeforeDecode } from '../../src/runtime/browser/decode';
import { refuseByVerdict } from '../../src/runtime/browser/vouch';
import { refuseByHeader } from '../../src/runtime/image-header';
import { formatMessage, installI18n, readLocale } from '../helpers/i18n';

const english = readLocale('en');
const german = readLocale('de');
const timing = (frames: number) => ({ delaysMs: Array<number>(frames).fill(100), plays: 0 });
const thrown = (f: () => unknown): BrushworkError => {
  try {
    f();
  } catch (e) {
    if (e instanceof BrushworkError) return e;
    throw e;
  }
  throw new Error('expected a refusal, found none');
};

const gifFrame = [0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00];
const gifHead = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];

/** Every refusal the runtime words, as it makes them. */
const runtimeRefusals: [string, Refusal | null][] = [
  ['an SVG', refuseByHeader({ kind: 'svg', width: 10, height: 10, animated: false })],
  ['too many frames', refuseAnimation(timing(MAX_ANIMATION_FRAMES + 1), 10, 10)],
  ['too many pixels', refuseAnimation(timing(400), 1920, 1080)],
  ['another port', privateAddressRefusal(new URL('http://example.com:8080/a.png'))],
  ['a local address', privateAddressRefusal(new URL('http://192.168.1.1/a.png'))],
  ['a local name', privateAddressRefusal(new URL('http://router.local/a.png'))],
  ['a name answered by a local address', thrown(() => refuseByVerdict('http://cdn.example/a.png', { verdict: 'private', ip: '10.0.0.7' }))],
  ['no ImageDecoder', thrown(() => checkBeforeDecode(new Uint8Array([...gifHead, ...gifFrame, ...gifFrame, 0x3b])))],
];

describe('the reasons the runtime gives (#29, Languages)', () => {
  afterEach(() => installI18n('en'));

  it.each(runtimeRefusals)('%s: the English sentence is the English locale’s wording of its key, and German has its own', (_, refusal) => {
    if (!refusal?.reason) throw new Error('expected a refusal with its locale key, found none');
    const { key, subs } = refusal.reason;
    expect(formatMessage(english[key], subs)).toBe(refusal.message);
    const inGerman = formatMessage(german[key], subs);
    expect(inGerman).not.toBe(refusal.message);
    for (const sub of subs) expect(inGerman).toContain(sub);
  });

  it('cross contexts with the failure (thrown, answered, thrown again) and the page words them in the person’s language', () => {
    const refusal = runtimeRefusals[0]?.[1] as Refusal;
    const answered = failureFrom(new BrushworkError(refusal.kind, refusal.message, refusal.reason), 'engine');
    expect(answered).toEqual({ ok: false, kind: 'skipped', error: refusal.message, reason: refusal.reason });
    const again = failureFrom(
      thrown(() => throwFailure(answered)),
      'engine',
    );
    expect(again).toEqual(answered);
    installI18n('de');
    expect(reasonText(again)).toBe('SVG-Grafiken sind Zeichnungen, keine Fotos');
    // A failure without words of its own (an error's detail) keeps its sentence.
    expect(reasonText({ error: 'the image did not load' })).toBe('the image did not load');
  });
});
