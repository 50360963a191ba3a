import { describe, expect, it } from 'vitest';
import { LatestFrameSlot } from '../../src/page/video/latest-frame';

function slot() {
  const sent: number[] = [];
  const closed: number[] = [];
  const s = new LatestFrameSlot<number>(
    (f) => sent.push(f),
    (f) => closed.push(f),
  );
  return { s, sent, closed };
}

describe('latest frame wins (#27)', () => {
  it('sends at once when nothing is in flight', () => {
    const { s, sent } = slot();
    s.offer(1);
    expect(sent).toEqual([1]);
    expect(s.busy).toBe(true);
  });

  it('keeps one frame in flight and one waiting: newer frames replace (and close) the waiting one', () => {
    const { s, sent, closed } = slot();
    for (let f = 1; f <= 5; f++) s.offer(f);
    expect(sent).toEqual([1]);
    expect(closed).toEqual([2, 3, 4]);
    expect(s.dropped).toBe(3);
    s.settle();
    expect(sent).toEqual([1, 5]); // the newest, never a stale one
    s.settle();
    expect(s.busy).toBe(false);
    expect(s.pending).toBe(false);
  });

  it('clear closes the waiting frame and sends nothing after the one in flight', () => {
    const { s, sent, closed } = slot();
    s.offer(1);
    s.offer(2);
    s.clear();
    expect(closed).toEqual([2]);
    s.settle();
    expect(sent).toEqual([1]);
  });
});
