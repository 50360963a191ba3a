// @vitest-environment happy-dom
/**
 * Restore wins every race (#30): page mode off, Restore all or Restore
 * original while a result is still being encoded for the page (a first look,
 * the full size, the swap from one to the other, a CSS background) leaves the
 * page exactly as it wrote it, and the late result paints nothing. Encoding
 * is held on a gate here, so each restore lands at a known moment.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadedAt, shownAt } from '../helpers/dom';

/** Each pixelsToDataUrl call waits here until released: the moment "the result is being encoded". */
const encodes: { release: () => void }[] = [];
let encodeStarted: () => void = () => undefined;
const nextEncode = () =>
  new Promise<void>((resolve) => {
    encodeStarted = resolve;
  });

vi.mock('../../src/page/surfaces/data-url', () => ({
  pixelsToDataUrl: () =>
    new Promise<string>((resolve) => {
      encodes.push({ release: () => resolve('data:image/webp;base64,UklGRg==') });
      encodeStarted();
    }),
}));

type Answer = Record<string, unknown>;
const isJob = (m: Answer) => m.type === 'offscreen.job' || m.type === 'stylizeJob';
const image = (v: number) => ({ width: 4, height: 3, data: new Uint8ClampedArray(4 * 3 * 4).fill(v) });

beforeAll(() => {
  const i18n = (globalThis as { chrome?: { i18n?: unknown } }).chrome?.i18n;
  vi.stubGlobal('chrome', {
    i18n,
    runtime: {
      sendMessage: async (m: Answer) =>
        isJob(m) ? { ok: true, original: image(10), stylized: image(200), ms: 5, cached: false } : { ok: true },
    },
  });
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
});

const { PageController } = await import('../../src/page/controller/controller');
const { BackgroundSurface } = await import('../../src/page/surfaces/background-surface');

function picture(): HTMLImageElement {
  document.body.innerHTML =
    '<picture><source srcset="https://site.example/a.avif" type="image/avif"><img id="p" src="https://site.example/a.jpg" srcset="https://site.example/a.jpg 1x" loading="lazy" alt="a"></picture>';
  const img = document.getElementById('p') as HTMLImageElement;
  loadedAt(img, 400, 300);
  shownAt(img, 400, 300);
  return img;
}

const releaseAll = () => {
  for (const e of encodes.splice(0)) e.release();
};

beforeEach(() => {
  encodes.length = 0;
});

/** Page mode on, the picture's job started and its first encode begun (held until releaseAll()). */
async function paintInPageMode(img: HTMLImageElement) {
  const before = document.body.innerHTML;
  const c = new PageController();
  c.pageMode = true;
  const started = nextEncode();
  const job = c.stylize(img, 0);
  await started;
  return { before, c, job };
}

describe('restore wins over a result still being encoded (#30)', () => {
  it('Restore original while the full-size result is encoded: the picture stays the page’s, with no mark', async () => {
    const img = picture();
    const before = document.body.innerHTML;
    const c = new PageController();
    const started = nextEncode();
    const job = c.stylize(img, 0);
    await started;
    c.restore(img);
    releaseAll();
    await job;
    expect(document.body.innerHTML).toBe(before);
    expect(c.tracked.size).toBe(0);
  });

  it('page mode off while the first look is encoded: nothing is painted, then or later', async () => {
    const img = picture();
    const { before, c, job } = await paintInPageMode(img);
    c.pageMode = false;
    expect(c.restoreAll()).toBe(1);
    releaseAll();
    await job;
    expect(document.body.innerHTML).toBe(before);
  });

  it('page mode off during the swap from the first look to the full size: the first look is taken back and the full size never lands', async () => {
    const img = picture();
    const { before, c, job } = await paintInPageMode(img); // the first look is being encoded
    const started = nextEncode();
    releaseAll();
    await started; // the first look is shown; the full size is being encoded
    expect(img.getAttribute('src')).toMatch(/^data:/);
    expect(img.hasAttribute('data-brushwork-first-look')).toBe(true);
    c.pageMode = false;
    c.restoreAll();
    expect(document.body.innerHTML).toBe(before);
    releaseAll();
    await job;
    expect(document.body.innerHTML).toBe(before);
  });

  it('a picture painted twice (the first look, then the full size) gives back its loading="lazy" on restore', async () => {
    const img = picture();
    const { before, c, job } = await paintInPageMode(img); // the first look
    const started = nextEncode();
    releaseAll();
    await started; // the full size
    releaseAll();
    await job;
    expect(img.getAttribute('data-brushwork')).toBe('done');
    expect(img.getAttribute('loading')).toBe('eager');
    c.restoreAll();
    expect(document.body.innerHTML).toBe(before);
  });

  it('a new intensity being blended when Restore all comes: the re-blend does not paint the restored picture again', async () => {
    const img = picture();
    const before = document.body.innerHTML;
    const c = new PageController();
    let started = nextEncode();
    const job = c.stylize(img, 0);
    await started;
    releaseAll();
    await job;
    expect(img.getAttribute('data-brushwork')).toBe('done');
    const { DEFAULT_SETTINGS } = await import('../../src/settings/schema');
    started = nextEncode();
    const reblend = c.applySettings({ ...DEFAULT_SETTINGS, intensity: 0.5 }, null);
    await started;
    c.restoreAll();
    releaseAll();
    await reblend;
    expect(document.body.innerHTML).toBe(before);
  });

  it('a CSS background restored while its result is encoded keeps the page’s style', async () => {
    document.body.innerHTML = '<div id="d" style="background-image: url(&quot;/a.png&quot;); color: red"></div>';
    const el = document.getElementById('d') as HTMLElement;
    const before = el.outerHTML;
    const s = new BackgroundSurface(el, () => 'style');
    const started = nextEncode();
    const shown = s.show(image(200), 1);
    await started;
    s.restore();
    releaseAll();
    expect(await shown).toBe(false);
    expect(el.outerHTML).toBe(before);
  });

  it('show() asks whether it is still wanted right before it writes', async () => {
    const img = picture();
    const before = document.body.innerHTML;
    const { ImgSurface } = await import('../../src/page/surfaces/img-surface');
    const s = new ImgSurface(img);
    let wanted = true;
    const started = nextEncode();
    const shown = s.show(image(200), 1, () => wanted);
    await started;
    wanted = false; // a newer job took over while this one encoded
    releaseAll();
    expect(await shown).toBe(false);
    expect(document.body.innerHTML).toBe(before);
  });
});
