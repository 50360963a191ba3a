// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Indicator } from '../../src/page/indicator';

function busyWithMotionPreference(reduce: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: reduce && query.includes('prefers-reduced-motion: reduce'), media: query }));
  const animate = vi.fn(() => ({ cancel() {} }));
  HTMLElement.prototype.animate = animate as unknown as HTMLElement['animate'];
  const img = document.createElement('img');
  document.body.append(img);
  const indicator = new Indicator();
  indicator.busy(img);
  indicator.clearAll();
  return animate;
}

describe('the in-page progress mark', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('spins by default', () => {
    expect(busyWithMotionPreference(false)).toHaveBeenCalledTimes(1);
  });

  it('stays still for a reader who asked for reduced motion', () => {
    expect(busyWithMotionPreference(true)).not.toHaveBeenCalled();
  });
});
