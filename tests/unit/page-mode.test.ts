// @vitest-environment happy-dom
/**
 * Page mode's scan (#22 part 5), with the controller faked and the browser's
 * IntersectionObserver stood in for: every <img> is watched at once, pictures
 * in the near zone are stylized nearest first (priority = distance in px),
 * icons, drawings and hidden images are not, a picture leaving the zone gives
 * its job back, and switching off disconnects and restores.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageController } from '../../src/page/controller/controller';
import { PageMode } from '../../src/page/mode/page-mode';
import { shownAt } from '../helpers/dom';

/** The observers page mode made, and what each watches. */
const observers: FakeIntersectionObserver[] = [];
class FakeIntersectionObserver {
  readonly watched = new Set<Element>();
  disconnected = false;
  constructor(readonly callback: (entries: IntersectionObserverEntry[], observer: IntersectionObserver) => void) {
    observers.push(this);
  }
  observe(el: Element) {
    this.watched.add(el);
  }
  unobserve(el: Element) {
    this.watched.delete(el);
  }
  disconnect() {
    this.disconnected = true;
    this.watched.clear();
  }
  /** What the browser would report: `el` entering (top at `top` px) or leaving the near zone. */
  report(el: Element, isIntersecting: boolean, top = 0) {
    const rect = { top, bottom: top + 100, left: 0, right: 100, width: 100, height: 100 } as DOMRectReadOnly;
    // As the browser does, the callback also gets its observer.
    this.callback([{ target: el, isIntersecting, boundingClientRect: rect } as unknown as IntersectionObserverEntry], this as never);
  }
}

function fakeController() {
  return {
    pageMode: false,
    settings: { hideOriginals: false },
    tracked: new Map<Element, unknown>(),
    keptOriginal: vi.fn((_el: Element) => false),
    stylize: vi.fn(async (_el: Element, _priority: number) => undefined),
    release: vi.fn(),
    restoreAll: vi.fn(() => 0),
    reportNow: vi.fn(),
    ownerOf: () => undefined,
    forget: vi.fn(),
    onPageChange: vi.fn(),
  };
}

beforeEach(() => {
  observers.length = 0;
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  vi.stubGlobal('chrome', { ...(globalThis as { chrome?: object }).chrome, runtime: { sendMessage: async () => ({ ok: true }) } });
  document.body.innerHTML =
    '<img id="photo" src="/photo.jpg"><img id="icon" src="/icon.png"><img id="logo" src="/logo.svg"><img id="hidden" src="/h.jpg" style="display:none"><img id="below" src="/below.jpg">';
  // happy-dom's document.images is not iterable; the browser's is.
  Object.defineProperty(document, 'images', { configurable: true, get: () => Array.from(document.querySelectorAll('img')) });
  shownAt(document.getElementById('photo') as Element, 400, 300);
  shownAt(document.getElementById('below') as Element, 400, 300);
  shownAt(document.getElementById('icon') as Element, 16, 16);
  shownAt(document.getElementById('logo') as Element, 200, 80);
  shownAt(document.getElementById('hidden') as Element, 400, 300);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('page mode', () => {
  it('watches every <img> at once and stylizes the pictures that come near, nearest first', () => {
    const controller = fakeController();
    const mode = new PageMode(controller as unknown as PageController);
    mode.start();
    const near = observers[0] as FakeIntersectionObserver;
    expect(near.watched.size).toBe(5);
    const el = (id: string) => document.getElementById(id) as Element;
    near.report(el('photo'), true, 20);
    near.report(el('below'), true, innerHeight + 300);
    for (const id of ['icon', 'logo', 'hidden']) near.report(el(id), true, 0);
    expect(controller.stylize.mock.calls.map((c) => [(c[0] as Element).id, c[1]])).toEqual([
      ['photo', 0],
      ['below', 300],
    ]);
    expect(controller.pageMode).toBe(true);
  });

  it('a picture leaving the near zone gives its job back; one already tracked is not asked for twice', () => {
    const controller = fakeController();
    const mode = new PageMode(controller as unknown as PageController);
    mode.start();
    const near = observers[0] as FakeIntersectionObserver;
    const photo = document.getElementById('photo') as Element;
    near.report(photo, true);
    controller.tracked.set(photo, {});
    near.report(photo, true);
    expect(controller.stylize).toHaveBeenCalledTimes(1);
    near.report(photo, false);
    expect(controller.release).toHaveBeenCalledWith(photo);
  });

  it('a picture the person restored (Restore original) is not painted again while page mode stays on (#29)', () => {
    const controller = fakeController();
    const photo = document.getElementById('photo') as Element;
    controller.keptOriginal.mockImplementation((el: Element) => el === photo);
    const mode = new PageMode(controller as unknown as PageController);
    mode.start();
    const near = observers[0] as FakeIntersectionObserver;
    expect(near.watched.has(photo)).toBe(false);
    near.report(photo, true);
    near.report(document.getElementById('below') as Element, true, 900);
    expect(controller.stylize.mock.calls.map(([el]) => (el as Element).id)).toEqual(['below']);
  });

  it('entries the browser delivers after page mode was switched off start nothing (#30)', () => {
    const controller = fakeController();
    const mode = new PageMode(controller as unknown as PageController);
    mode.start();
    const near = observers[0] as FakeIntersectionObserver;
    mode.stop();
    near.report(document.getElementById('photo') as Element, true); // queued before disconnect(), delivered after
    expect(controller.stylize).not.toHaveBeenCalled();
  });

  it('switching off disconnects the observers and restores every picture', () => {
    const controller = fakeController();
    const mode = new PageMode(controller as unknown as PageController);
    mode.start();
    mode.stop();
    expect(observers[0]?.disconnected).toBe(true);
    expect(controller.restoreAll).toHaveBeenCalledTimes(1);
    expect(controller.pageMode).toBe(false);
    expect(mode.enabled).toBe(false);
  });
});
