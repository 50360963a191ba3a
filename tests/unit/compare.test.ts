// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { CompareOverlay } from '../../src/page/compare';

function key(type: 'keydown' | 'keyup', k: string): KeyboardEvent {
  const e = new KeyboardEvent(type, { key: k, bubbles: true, cancelable: true });
  document.body.dispatchEvent(e);
  return e;
}

describe('Alt to compare', () => {
  let overlay: CompareOverlay | undefined;
  afterEach(() => {
    overlay?.stop();
    document.body.replaceChildren();
  });

  function setUp(repainted: boolean): HTMLImageElement {
    const img = document.createElement('img');
    document.body.append(img);
    overlay = new CompareOverlay({ originalOf: (el) => (repainted && el === img ? { el: img, url: 'https://site.test/a.png' } : null) });
    overlay.start();
    img.dispatchEvent(new Event('pointerover', { bubbles: true }));
    return img;
  }

  it('shows the original while Alt is held, and takes the release that ends it, so Firefox shows no menu bar', () => {
    setUp(true);
    expect(key('keydown', 'Alt').defaultPrevented).toBe(false);
    expect(overlay?.showing).toBe(true);
    expect(key('keyup', 'Alt').defaultPrevented).toBe(true);
    expect(overlay?.showing).toBe(false);
  });

  it('leaves Alt alone where nothing was compared (the menu bar keeps its key)', () => {
    setUp(false);
    key('keydown', 'Alt');
    expect(overlay?.showing).toBe(false);
    expect(key('keyup', 'Alt').defaultPrevented).toBe(false);
  });
});
