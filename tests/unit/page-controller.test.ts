// @vitest-environment happy-dom
/**
 * The page controller (#22 part 5), with the extension's answer faked and
 * happy-dom for the page: a picture goes pending, then done with the result
 * shown through src and srcset; restore gives back exactly the attributes the
 * page wrote; a failure is shown by kind and leaves the picture as it was; a
 * cancelled job restores; the counts follow.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/page/surfaces/data-url', () => ({ pixelsToDataUrl: async () => 'data:image/webp;base64,UklGRg==' }));

type Answer = Record<string, unknown>;
let answer: (message: Answer) => Answer = () => ({ ok: false, kind: 'engine', error: 'no answer set' });
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
  // The page cannot read these pictures itself (no network here): the extension is asked without bytes.
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
});

const { PageController } = await import('../../src/page/controller/controller');

/** A job goes straight to the offscreen document (Chrome), or through the background when none answers. */
const isJob = (m: Answer) => m.type === 'offscreen.job' || m.type === 'stylizeJob';

const image = (v: number) => ({ width: 4, height: 3, data: new Uint8ClampedArray(4 * 3 * 4).fill(v) });

function picture(attrs: string): HTMLImageElement {
  document.body.innerHTML = `<img id="p" ${attrs}>`;
  const img = document.getElementById('p') as HTMLImageElement;
  Object.defineProperty(img, 'naturalWidth', { value: 400 });
  Object.defineProperty(img, 'naturalHeight', { value: 300 });
  Object.defineProperty(img, 'complete', { value: true });
  vi.spyOn(img, 'getBoundingClientRect').mockReturnValue({
    width: 200,
    height: 150,
    top: 0,
    left: 0,
    right: 200,
    bottom: 150,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
  return img;
}

beforeEach(() => {
  sent.length = 0;
  answer = (m) => (isJob(m) ? { ok: true, original: image(10), stylized: image(200), ms: 5, cached: false } : { ok: true });
});

describe('the page controller', () => {
  it('paints a result through src and srcset and restores exactly the attributes the page wrote', async () => {
    const img = picture(
      'src="https://site.example/a.jpg" srcset="https://site.example/a.jpg 1x, https://site.example/a2.jpg 2x" loading="lazy" alt="a"',
    );
    const before = img.outerHTML;
    const c = new PageController();
    await c.stylize(img, 0);
    expect(img.getAttribute('data-brushwork')).toBe('done');
    expect(img.getAttribute('src')).toMatch(/^data:image\/webp/);
    expect(img.getAttribute('srcset')).toMatch(/^data:image\/webp;base64,UklGRg== \d/);
    expect(img.getAttribute('loading')).toBe('eager');
    const job = sent.find((m) => isJob(m)) as Answer;
    expect(job.type).toBe('offscreen.job'); // one hop: the content script asks the offscreen document itself
    expect(job).toMatchObject({ url: 'https://site.example/a.jpg', priority: 0 });
    expect(c.counts()).toMatchObject({ done: 1, pending: 0 });
    c.restoreAll();
    expect(img.outerHTML).toBe(before);
    expect(c.counts()).toMatchObject({ done: 0 });
  });

  it('a failure is shown by its kind and leaves the picture as the page had it', async () => {
    answer = (m) => (isJob(m) ? { ok: false, kind: 'too-large', error: 'the image is too large to stylize (30000×30000)' } : { ok: true });
    const img = picture('src="https://site.example/b.jpg"');
    const c = new PageController();
    await c.stylize(img, 0);
    expect(img.getAttribute('data-brushwork')).toBe('error');
    expect(img.getAttribute('data-brushwork-reason')).toMatch(/30000×30000/);
    expect(img.getAttribute('src')).toBe('https://site.example/b.jpg');
    expect(c.counts()).toMatchObject({ error: 1 });
  });

  it('a refused picture is told in the page with its reason, as a broken one is (#30)', async () => {
    answer = (m) => (isJob(m) ? { ok: false, kind: 'skipped', error: 'animated image: left as it is' } : { ok: true });
    const img = picture('src="https://site.example/anim.gif"');
    const c = new PageController();
    const told = vi.spyOn(c.indicator, 'error');
    await c.stylize(img, 0);
    expect(img.getAttribute('data-brushwork')).toBe('skipped');
    expect(told).toHaveBeenCalledWith(img, expect.stringMatching(/as it is: animated image/));
    answer = (m) => (isJob(m) ? { ok: false, kind: 'unreadable', error: 'the image did not load (broken or empty)' } : { ok: true });
    const broken = picture('src="https://site.example/broken.png"');
    await c.stylize(broken, 0);
    expect(told).toHaveBeenLastCalledWith(broken, expect.stringMatching(/could not be read/));
  });

  it('a job the extension cancelled restores the picture without a mark', async () => {
    answer = (m) => (isJob(m) ? { ok: false, kind: 'cancelled', error: 'the queue is full: too many images waiting' } : { ok: true });
    const img = picture('src="https://site.example/c.jpg"');
    const before = img.outerHTML;
    const c = new PageController();
    await c.stylize(img, 0);
    expect(img.outerHTML).toBe(before);
  });

  it('a picture the page replaced while its job ran keeps the page’s picture', async () => {
    const img = picture('src="https://site.example/d.jpg"');
    answer = (m) => {
      if (isJob(m)) img.setAttribute('src', 'https://site.example/next.jpg'); // the page moves on meanwhile
      return isJob(m) ? { ok: true, original: image(10), stylized: image(200), ms: 5, cached: false } : { ok: true };
    };
    const c = new PageController();
    await c.stylize(img, 0);
    expect(img.getAttribute('src')).toBe('https://site.example/next.jpg');
    expect(img.getAttribute('data-brushwork')).not.toBe('done');
  });

  it('asks the background when no offscreen document answers, which starts one and relays the job', async () => {
    answer = (m) =>
      m.type === 'offscreen.job'
        ? { ok: false, kind: 'unreachable', error: 'Could not establish connection. Receiving end does not exist.' }
        : m.type === 'stylizeJob'
          ? { ok: true, original: image(10), stylized: image(200), ms: 5, cached: false }
          : { ok: true };
    const img = picture('src="https://site.example/fallback.jpg"');
    await new PageController().stylize(img, 0);
    const mine = sent.filter((m) => isJob(m) && m.url === 'https://site.example/fallback.jpg');
    expect(mine.map((m) => m.type)).toEqual(['offscreen.job', 'stylizeJob']);
    expect(img.getAttribute('data-brushwork')).toBe('done');
  });

  it('at the default look shows the stylized pixels without decoding the original; a lower intensity blends with it', async () => {
    let shown: Uint8ClampedArray | undefined;
    const dataUrl = await import('../../src/page/surfaces/data-url');
    vi.spyOn(dataUrl, 'pixelsToDataUrl').mockImplementation(async (px) => {
      shown = px.data;
      return 'data:image/webp;base64,UklGRg==';
    });
    const img = picture('src="https://site.example/a.jpg"');
    const c = new PageController();
    await c.stylize(img, 0);
    expect(shown?.[0]).toBe(200);
    const { DEFAULT_SETTINGS } = await import('../../src/settings/schema');
    await c.applySettings({ ...DEFAULT_SETTINGS, intensity: 0.5 }, null);
    expect(shown?.[0]).toBe(105); // 10 + (200 − 10) / 2
  });
});
