/**
 * An animated picture's timing, read from its container before any decoder
 * runs (#27): how many frames, how long each is shown, how many times it
 * plays. Pure and TF.js-free: the runtime reads it to refuse a hostile
 * animation before decoding (frames × pixels), and the page schedules and
 * re-encodes painted frames with it.
 *
 * Formats: GIF89a (Graphic Control Extension delays, NETSCAPE2.0 loop count),
 * APNG (acTL, fcTL; W3C PNG 3rd edition) and animated WebP (ANIM, ANMF;
 * Google's WebP container spec). Walks structures, never searches for
 * magic bytes, so a frame's payload cannot pose as a header.
 */

export interface AnimationTiming {
  /** Milliseconds each frame is shown, as browsers show it (see effectiveDelayMs). */
  delaysMs: number[];
  /** How many times the whole animation plays; 0 = for ever. */
  plays: number;
}

/** At most this many frames are read from a header; a longer file is refused by count anyway. */
export const MAX_HEADER_FRAMES = 100_000;

/**
 * Browsers show a frame whose delay is 10 ms or less for 100 ms: ads once
 * used 0-delay frames to flash as fast as possible (Chromium's
 * ImageDecoder::FrameDurationAtIndex, after Firefox). The painted animation
 * keeps the timing the original is actually shown with.
 */
export function effectiveDelayMs(ms: number): number {
  return ms <= 10 ? 100 : ms;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

/** The timing of an animated GIF, APNG or WebP; null for a still picture, another format, or damage before a second frame. */
export function readAnimationTiming(bytes: Uint8Array): AnimationTiming | null {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let timing: AnimationTiming | null = null;
    if (bytes.length >= 13 && ascii(bytes, 0, 4) === 'GIF8') timing = gifTiming(bytes);
    else if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') timing = apngTiming(bytes, view);
    else if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') timing = webpTiming(bytes, view);
    return timing && timing.delaysMs.length > 1 ? timing : null;
  } catch {
    return null; // a header cut short: the still path's checks and the decoder have the last word
  }
}

/**
 * GIF: every image descriptor is a frame; the Graphic Control Extension
 * before it gives its delay in hundredths of a second. Without a NETSCAPE2.0
 * application extension a GIF plays once; with loop count 0 for ever; with
 * n, browsers play it n more times after the first (Chromium and Firefox).
 */
function gifTiming(b: Uint8Array): AnimationTiming {
  let at = 13;
  if (((b[10] as number) & 0x80) !== 0) at += 3 * 2 ** (((b[10] as number) & 0x07) + 1);
  const delaysMs: number[] = [];
  let plays = 1;
  let delay = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at] !== 0) at += (b[at] as number) + 1;
    at++;
  };
  while (at < b.length && delaysMs.length < MAX_HEADER_FRAMES) {
    const block = b[at];
    if (block === 0x21) {
      const label = b[at + 1];
      if (label === 0xf9 && b[at + 2] === 4) delay = (b[at + 4] as number) | ((b[at + 5] as number) << 8);
      if (label === 0xff && b[at + 2] === 11 && ascii(b, at + 3, 11) === 'NETSCAPE2.0' && b[at + 15] === 1) {
        const loops = (b[at + 16] as number) | ((b[at + 17] as number) << 8);
        plays = loops === 0 ? 0 : loops + 1;
      }
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      if (at + 10 > b.length) break;
      delaysMs.push(effectiveDelayMs(delay * 10));
      delay = 0;
      const packed = b[at + 9] as number;
      at += 10;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 0x07) + 1);
      at++; // LZW minimum code size
      skipSubBlocks();
    } else break; // trailer or damage
  }
  return { delaysMs, plays };
}

/**
 * APNG: acTL says how many frames and plays (0 = for ever); each fcTL gives
 * its frame's delay as a fraction of a second (denominator 0 means 1/100).
 */
function apngTiming(b: Uint8Array, view: DataView): AnimationTiming | null {
  let declared = -1;
  let plays = 0;
  const delaysMs: number[] = [];
  for (let at = 8; at + 12 <= b.length && delaysMs.length < MAX_HEADER_FRAMES; ) {
    const len = view.getUint32(at);
    const type = ascii(b, at + 4, 4);
    if (type === 'acTL' && len >= 8) {
      declared = view.getUint32(at + 8);
      plays = view.getUint32(at + 12);
    } else if (type === 'fcTL' && len >= 26) {
      const num = view.getUint16(at + 8 + 20);
      const den = view.getUint16(at + 8 + 22) || 100;
      delaysMs.push(effectiveDelayMs(Math.round((num * 1000) / den)));
    } else if (type === 'IEND') break;
    at += 12 + len;
  }
  if (declared < 0) return null;
  // The acTL count is what decoders trust; a file claiming more frames than it holds is read as it is.
  return { delaysMs: delaysMs.slice(0, declared), plays };
}

/** Animated WebP: ANIM holds the loop count (0 = for ever), each ANMF its frame's duration in ms (24 bits). */
function webpTiming(b: Uint8Array, view: DataView): AnimationTiming | null {
  if (ascii(b, 12, 4) !== 'VP8X' || ((b[20] as number) & 0x02) === 0) return null;
  let plays = 0;
  const delaysMs: number[] = [];
  for (let at = 12; at + 8 <= b.length && delaysMs.length < MAX_HEADER_FRAMES; ) {
    const type = ascii(b, at, 4);
    const len = view.getUint32(at + 4, true);
    if (type === 'ANIM' && len >= 6) plays = view.getUint16(at + 8 + 4, true);
    else if (type === 'ANMF' && len >= 16) {
      const d = at + 8 + 12;
      delaysMs.push(effectiveDelayMs((b[d] as number) | ((b[d + 1] as number) << 8) | ((b[d + 2] as number) << 16)));
    }
    at += 8 + len + (len & 1); // RIFF chunks are padded to even sizes
  }
  return { delaysMs, plays };
}

/** The whole animation's length in ms (one play). */
export function cycleMs(t: AnimationTiming): number {
  return t.delaysMs.reduce((a, b) => a + b, 0);
}
