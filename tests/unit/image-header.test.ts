import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader, refuseByHeader } from '../../src/runtime/image-header';

const raw = (w: number, h: number) => ({ raw: { width: w, height: h, channels: 3 as const } });
const blank = (w: number, h: number) => sharp(Buffer.alloc(w * h * 3, 128), raw(w, h));

describe('image headers', () => {
  it.each([
    ['png', () => blank(33, 17).png().toBuffer()],
    ['jpeg', () => blank(33, 17).jpeg().toBuffer()],
    ['gif', () => blank(33, 17).gif().toBuffer()],
    ['webp', () => blank(33, 17).webp().toBuffer()],
    ['webp', () => blank(33, 17).webp({ lossless: true }).toBuffer()],
  ])('reads %s dimensions without decoding', async (kind, make) => {
    const h = readImageHeader(new Uint8Array(await make()));
    expect(h).toMatchObject({ kind, width: 33, height: 17, animated: false });
  });

  it('tells animated GIFs from still ones', async () => {
    // A hand-made 1×1 GIF89a: header, screen descriptor, 2-colour table, then frames.
    const frame = [0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00];
    const head = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
    const still = new Uint8Array([...head, ...frame, 0x3b]);
    const animated = new Uint8Array([...head, ...frame, ...frame, 0x3b]);
    expect(readImageHeader(still)).toMatchObject({ kind: 'gif', width: 1, height: 1, animated: false });
    expect(readImageHeader(animated)).toMatchObject({ kind: 'gif', animated: true });
    expect(readImageHeader(new Uint8Array(await blank(8, 8).gif().toBuffer())).animated).toBe(false);
  });

  it('refuses a 30,000² PNG by its header alone', () => {
    const header = new Uint8Array(33);
    header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(header.buffer).setUint32(16, 30000);
    new DataView(header.buffer).setUint32(20, 30000);
    const h = readImageHeader(header);
    expect(h).toMatchObject({ kind: 'png', width: 30000, height: 30000 });
    expect(refuseByHeader(h)?.message).toMatch(/too large.*30000×30000/);
  });

  it('recognizes SVG, HTML and truncated files', () => {
    expect(readImageHeader(new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')).kind).toBe('svg');
    expect(refuseByHeader(readImageHeader(new TextEncoder().encode('<!doctype html><p>404</p>')))?.message).toMatch(/not an image/);
    expect(readImageHeader(new Uint8Array([0x89, 0x50]))).toMatchObject({ kind: 'unknown' });
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff]))).toMatchObject({ kind: 'jpeg', width: null });
  });

  it('refuses empty images', () => {
    expect(refuseByHeader({ kind: 'png', width: 0, height: 0, animated: false })?.message).toMatch(/empty/);
    expect(refuseByHeader({ kind: 'png', width: 1, height: 1, animated: false })).toBeNull();
  });

  it('refuses a size the header does not give, instead of decoding to find out', () => {
    for (const kind of ['jpeg', 'webp', 'avif'] as const)
      expect(refuseByHeader({ kind, width: null, height: null, animated: false })).toMatchObject({
        kind: 'unreadable',
        message: `the ${kind.toUpperCase()} file does not say its size in its header: not decoded`,
      });
  });
});

/** Offset of the first occurrence of an ASCII tag in a file. */
const find = (b: Uint8Array, tag: string) => Buffer.from(b).indexOf(Buffer.from(tag, 'ascii'));

describe('headers that lie about their size (#22: refuse before decoding)', () => {
  it('reads an AVIF size from its ispe box, and refuses an AVIF whose ispe declares 30,000²', async () => {
    const file = new Uint8Array(await blank(33, 17).avif().toBuffer());
    expect(readImageHeader(file)).toMatchObject({ kind: 'avif', width: 33, height: 17, animated: false });
    const at = find(file, 'ispe');
    expect(at).toBeGreaterThan(0);
    const view = new DataView(file.buffer, file.byteOffset);
    view.setUint32(at + 8, 30000);
    view.setUint32(at + 12, 30000);
    const h = readImageHeader(file);
    expect(h).toMatchObject({ width: 30000, height: 30000 });
    expect(refuseByHeader(h)).toMatchObject({ kind: 'too-large' });
  });

  it('refuses an AVIF without an ispe box', async () => {
    const file = new Uint8Array(await blank(33, 17).avif().toBuffer());
    file.set(new TextEncoder().encode('free'), find(file, 'ispe'));
    expect(refuseByHeader(readImageHeader(file))).toMatchObject({ kind: 'unreadable' });
  });

  it('refuses a JPEG whose frame header declares 30,000² and one that has no frame header', async () => {
    const file = new Uint8Array(await blank(33, 17).jpeg().toBuffer());
    const sof = Buffer.from(file).indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    const lying = file.slice();
    new DataView(lying.buffer).setUint16(sof + 5, 30000);
    new DataView(lying.buffer).setUint16(sof + 7, 30000);
    expect(refuseByHeader(readImageHeader(lying))).toMatchObject({ kind: 'too-large' });
    const headless = file.slice(0, sof); // cut before the frame header
    expect(refuseByHeader(readImageHeader(headless))).toMatchObject({ kind: 'unreadable' });
  });

  it('refuses a WebP whose VP8X canvas declares 20,000²', async () => {
    const file = new Uint8Array(await blank(33, 17).webp({ lossless: true }).toBuffer());
    // An extended WebP: RIFF header, then a VP8X chunk whose 24-bit canvas size is size − 1.
    const vp8x = new Uint8Array(30);
    vp8x.set(file.subarray(0, 12));
    vp8x.set(new TextEncoder().encode('VP8X'), 12);
    vp8x.set([10, 0, 0, 0, 0, 0, 0, 0], 16);
    const side = 20000 - 1;
    vp8x.set([side & 0xff, (side >> 8) & 0xff, side >> 16, side & 0xff, (side >> 8) & 0xff, side >> 16], 24);
    const h = readImageHeader(vp8x);
    expect(h).toMatchObject({ kind: 'webp', width: 20000, height: 20000 });
    expect(refuseByHeader(h)).toMatchObject({ kind: 'too-large' });
  });
});
