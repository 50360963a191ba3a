// @vitest-environment happy-dom
/**
 * Animated pictures on the page (#27), with the extension's answers faked:
 * the first frame's answer carries the timing, every other frame is asked
 * for once by number, and the painted frames are shown together, in order,
 * with the original's timing; one failed frame leaves the original moving;
 * restore withdraws the frame jobs still out; a long animation is painted
 * smaller to fit the page's byte budget.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnimationTiming } from '../../src/shared/animation';
import type { RgbaImage } from '../../src/shared/image';
import { loadedAt, shownAt } from '../helpers/dom';

const shown: { frames: RgbaImage[]; timing: AnimationTiming }[] = [];
vi.mock('../../src/page/surfaces/data-url', () => ({ pixelsToDataUrl: async () => 'data:image/webp;base64,U1RJTEw=' }));
/** Holds an encode (a slow one) until the test lets it go. */
let encodeGate: (frames: RgbaImage[]) => Promise<void> = async () => undefined;
vi.mock('../../src/page/surfaces/animation-data-url', () => ({
  animationToDataUrl: async (frames: RgbaImage[], timing: AnimationTiming) => {
    await encodeGate(frames);
    shown.push({ frames, timing });
    return `data:image/webp;base64,QU5JTQ==#${frames[0]?.data[0]}`; // which look it is, for the tests
  },
}));

type Answer = Record<string, unknown>;
let answer: (message: Answer) => Answer | Promise<Answer> = () => ({ ok: false, kind: 'engine', error: 'no answer set' });
const sent: Answer[] = [];

beforeAll(() => {
  const i18n = (globalThis as { chrome?: { i18n?: unknown } }).chrome?.i18n;
  vi.stubGlobal('chrome', {
    i18n,
    runtime: {
      sendMessage: async (message: Answer) => {
        sent.push(message);
        return answer(message);
      },
    },
  });
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
});

const { PageController } = await import('../../src/page/controller/controller');

const isJob = (m: Answer) => m.type === 'offscreen.job' || m.type === 'stylizeJob';
const jobs = () => sent.filter(isJob);
const frameOf = (m: Answer) => (m.frame as number | undefined) ?? 0;
const image = (w: number, h: number, v: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(v) });

/** An animation of `n` frames: frame i's original is filled with i, its painted frame with 100 + i. */
function animatedAnswers(n: number, fail?: number): (m: Answer) => Answer {
  const timing: AnimationTiming = { delaysMs: Array.from({ length: n }, (_, i) => 100 + i), plays: 0 };
  return (m) => {
    if (!isJob(m)) return { ok: true };
    const f = frameOf(m);
    if (f === fail) return { ok: false, kind: 'unreadable', error: `frame ${f + 1} could not be decoded` };
    const [w, h] = [m.width as number, m.height as number];
    return { ok: true, original: image(w, h, f), stylized: image(w, h, 100 + f), ms: 5, cached: false, animation: timing };
  };
}

function picture(): HTMLImageElement {
  document.body.innerHTML = '<img id="p" src="https://site.example/a.gif" alt="a">';
  const img = document.getElementById('p') as HTMLImageElement;
  loadedAt(img, 400, 300);
  shownAt(img, 400, 300);
  return img;
}

beforeEach(() => {
  sent.length = 0;
  shown.length = 0;
});

describe('an animated picture on the page', () => {
  it('asks for every other frame once, by number, and shows all frames in order with the original’s timing', async () => {
    answer = animatedAnswers(5);
    const img = picture();
    const before = img.outerHTML;
    const c = new PageController();
    await c.stylize(img, 0);
    expect(jobs().map(frameOf).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(jobs().filter((m) => m.frame === 0)).toEqual([]); // the first frame is the plain job: its key is a still picture's
    expect(img.getAttribute('data-brushwork')).toBe('done');
    expect(img.getAttribute('src')).toBe('data:image/webp;base64,QU5JTQ==#100');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.frames.map((f) => f.data[0])).toEqual([100, 101, 102, 103, 104]);
    expect(shown[0]?.timing).toEqual({ delaysMs: [100, 101, 102, 103, 104], plays: 0 });
    c.restore(img);
    expect(img.outerHTML).toBe(before);
  });

  it('re-blends every frame at a new intensity without asking the engines again', async () => {
    answer = animatedAnswers(3);
    const img = picture();
    const c = new PageController();
    await c.stylize(img, 0);
    const asked = jobs().length;
    await c.applySettings({ ...c.settings, intensity: 0.5 }, null);
    expect(jobs().length).toBe(asked);
    expect(shown.at(-1)?.frames.map((f) => f.data[0])).toEqual([50, 51, 52]); // halfway between frame i and 100 + i
  });

  it('shows the newest intensity when the slider moves while an older one is still being encoded', async () => {
    answer = animatedAnswers(3);
    const img = picture();
    const c = new PageController();
    await c.stylize(img, 0);
    let letGo: () => void = () => undefined;
    const slow = new Promise<void>((r) => {
      letGo = r;
    });
    encodeGate = (frames) => (frames[0]?.data[0] === 50 ? slow : Promise.resolve());
    const half = c.applySettings({ ...c.settings, intensity: 0.5 }, null); // its encode is slow…
    await vi.waitFor(() => expect(shown.length).toBe(1)); // (the first paint)
    await c.applySettings({ ...c.settings, intensity: 0.25 }, null); // …the slider moves on, and that look is shown
    expect(img.getAttribute('src')).toBe('data:image/webp;base64,QU5JTQ==#25');
    letGo();
    await half;
    expect(img.getAttribute('src')).toBe('data:image/webp;base64,QU5JTQ==#25'); // the older look, encoded late, is not put in
    encodeGate = async () => undefined;
  });

  it('leaves the original as it is, with the reason, when one frame fails (never a partial or frozen animation)', async () => {
    answer = animatedAnswers(4, 2);
    const img = picture();
    const c = new PageController();
    await c.stylize(img, 0);
    expect(img.getAttribute('src')).toBe('https://site.example/a.gif');
    expect(img.getAttribute('data-brushwork')).toBe('error');
    expect(img.getAttribute('data-brushwork-reason')).toMatch(/frame 3/);
    expect(shown).toEqual([]);
  });

  it('withdraws the frame jobs still out when the picture is restored, and shows nothing after', async () => {
    const answers = animatedAnswers(4);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    answer = async (m) => {
      if (isJob(m) && frameOf(m) > 0) await held;
      return answers(m);
    };
    const img = picture();
    const c = new PageController();
    const painting = c.stylize(img, 0);
    await vi.waitFor(() => expect(jobs().filter((m) => frameOf(m) > 0).length).toBeGreaterThan(0));
    c.restore(img);
    const cancelled = sent.filter((m) => m.type === 'cancelJobs').flatMap((m) => m.jobIds as string[]);
    const outIds = jobs()
      .filter((m) => frameOf(m) > 0)
      .map((m) => m.jobId);
    expect(outIds.every((id) => cancelled.includes(id as string))).toBe(true);
    release();
    await painting;
    expect(shown).toEqual([]);
    expect(img.getAttribute('src')).toBe('https://site.example/a.gif');
    expect(img.hasAttribute('data-brushwork')).toBe(false);
  });

  it('is not restarted by page mode seeing it again while its frames are painted', async () => {
    const answers = animatedAnswers(3);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    answer = async (m) => {
      if (isJob(m) && frameOf(m) > 0) await held;
      return answers(m);
    };
    const img = picture();
    const c = new PageController();
    const painting = c.stylize(img, 0);
    await vi.waitFor(() => expect(jobs().filter((m) => frameOf(m) > 0).length).toBe(2));
    const again = c.stylize(img, 0); // the observer sees it again
    release();
    await Promise.all([painting, again]);
    expect(jobs().map(frameOf).sort()).toEqual([0, 1, 2]);
    expect(img.getAttribute('data-brushwork')).toBe('done');
  });

  it('paints a long animation smaller, first frame included, so its frames fit the page’s budget', async () => {
    answer = animatedAnswers(120);
    const img = picture();
    const c = new PageController();
    await c.stylize(img, 0);
    const sizes = new Set(jobs().map((m) => `${m.width}x${m.height}`));
    expect([...sizes][0]).toBe('400x300'); // the first answer, at the size shown, says it is animated
    const small = jobs().slice(1);
    expect(small.map(frameOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    const { width, height } = small[0] as { width: number; height: number };
    expect(width * height * 8 * 120).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(shown[0]?.frames).toHaveLength(120);
    // The layout box kept: the frames' width as the width descriptor, the picture's own 400 px as `sizes` (#29).
    expect(img.getAttribute('srcset')).toMatch(new RegExp(` ${width}w$`));
    expect(img.getAttribute('sizes')).toBe('400px');
  });
});
