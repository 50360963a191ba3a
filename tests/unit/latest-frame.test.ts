import { describe, expect, it } from 'vitest';
import { LatestFrameSlot, MAX_IN_FLIGHT } from '../../src/page/video/latest-frame';

/** The i-th item, which the test expects to be there. */
function nth<T>(xs: T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`expected an item at ${i}, found none`);
  return x;
}

function slot(spare: () => boolean = () => false) {
  const sent: { frame: number; seq: number }[] = [];
  const closed: number[] = [];
  const s = new LatestFrameSlot<number>(
    (frame, seq) => sent.push({ frame, seq }),
    (f) => closed.push(f),
    spare,
  );
  return { s, sent, closed, frames: () => sent.map((x) => x.frame) };
}

/**
 * Two engines shared by several videos, as engine-link.ts shares them: each
 * frame goes to the least busy engine; `idle` is what the slots see as spare.
 */
function twoEngines() {
  const busy = [0, 0];
  const jobs: { engine: number; video: string; frame: number; seq: number }[] = [];
  const idle = () => busy.some((b) => b === 0);
  const video = (name: string) => {
    const shown: number[] = [];
    const closed: number[] = [];
    const s = new LatestFrameSlot<number>(
      (frame, seq) => {
        const engine = nth(busy, 0) <= nth(busy, 1) ? 0 : 1;
        busy[engine] = nth(busy, engine) + 1;
        jobs.push({ engine, video: name, frame, seq });
      },
      (f) => closed.push(f),
      idle,
    );
    return { s, shown, closed };
  };
  /** The engine finishes its oldest job; the video shows it if the slot says it is fresh. */
  const finish = (engine: number, videos: Record<string, ReturnType<typeof video>>) => {
    const i = jobs.findIndex((j) => j.engine === engine);
    const job = nth(jobs.splice(i, 1), 0);
    busy[engine] = nth(busy, engine) - 1;
    const v = videos[job.video];
    if (!v) throw new Error(`expected video ${job.video}`);
    if (v.s.settle(job.seq)) v.shown.push(job.frame);
    return job;
  };
  return { busy, jobs, video, finish };
}

describe('latest frame wins (#27)', () => {
  it('sends at once when nothing is in flight', () => {
    const { s, frames } = slot();
    s.offer(1);
    expect(frames()).toEqual([1]);
    expect(s.busy).toBe(true);
  });

  it('with no engine spare, keeps one frame in flight and one waiting: newer frames replace (and close) the waiting one', () => {
    const { s, sent, closed, frames } = slot();
    for (let f = 1; f <= 5; f++) s.offer(f);
    expect(frames()).toEqual([1]);
    expect(closed).toEqual([2, 3, 4]);
    expect(s.dropped).toBe(3);
    s.settle(nth(sent, 0).seq);
    expect(frames()).toEqual([1, 5]); // the newest, never a stale one
    s.settle(nth(sent, 1).seq);
    expect(s.busy).toBe(false);
    expect(s.pending).toBe(false);
  });

  it('with an engine spare, a second frame goes in flight, never more', () => {
    const { s, closed, frames } = slot(() => true);
    for (let f = 1; f <= 5; f++) s.offer(f);
    expect(MAX_IN_FLIGHT).toBe(2);
    expect(frames()).toEqual([1, 2]);
    expect(s.framesInFlight).toBe(2);
    expect(closed).toEqual([3, 4]); // still one waiting (5), the rest replaced
  });

  it('shows frames in capture order: an older frame that comes back after a newer one is dropped', () => {
    const { s, sent } = slot(() => true);
    s.offer(1);
    s.offer(2);
    const one = nth(sent, 0);
    const two = nth(sent, 1);
    expect(s.settle(two.seq)).toBe(true); // the second engine was faster
    expect(s.settle(one.seq)).toBe(false); // the older frame arrives late: not shown
    expect(s.late).toBe(1);
    s.offer(3);
    expect(s.settle(nth(sent, 2).seq)).toBe(true);
  });

  it('a frame waiting when an engine becomes spare is dropped, not sent after the newer frame that takes that engine', () => {
    let spare = false;
    const { s, closed, frames } = slot(() => spare);
    s.offer(1); // in flight
    s.offer(2); // waits: no engine spare
    spare = true; // another video's frame came back: an engine is idle
    s.offer(3); // goes at once as the second frame in flight
    expect(frames()).toEqual([1, 3]);
    expect(closed).toEqual([2]);
    expect(s.pending).toBe(false); // nothing older left to go after 3
    expect(s.dropped).toBe(1);
  });

  it('a failed frame does not count as shown: the older one in flight may still be shown', () => {
    const { s, sent } = slot(() => true);
    s.offer(1);
    s.offer(2);
    expect(s.settle(nth(sent, 1).seq, false)).toBe(true);
    expect(s.settle(nth(sent, 0).seq)).toBe(true);
    expect(s.late).toBe(0);
  });

  it('one video on two engines keeps both busy with consecutive frames', () => {
    const e = twoEngines();
    const a = e.video('a');
    a.s.offer(1);
    a.s.offer(2);
    expect(e.jobs.map((j) => [j.engine, j.frame])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    a.s.offer(3); // both engines busy: waits
    e.finish(0, { a });
    expect(e.jobs.map((j) => [j.engine, j.frame])).toEqual([
      [1, 2],
      [0, 3],
    ]);
    e.finish(1, { a });
    e.finish(0, { a });
    expect(a.shown).toEqual([1, 2, 3]);
  });

  it('a second video is not starved: it always gets one frame in flight, and the first gets no second while both are busy', () => {
    const e = twoEngines();
    const a = e.video('a');
    const b = e.video('b');
    a.s.offer(1);
    a.s.offer(2); // a holds both engines
    b.s.offer(100); // b's first frame is sent anyway
    expect(e.jobs.filter((j) => j.video === 'b').map((j) => j.frame)).toEqual([100]);
    // From now on, both playing: every round a offers and b offers; no engine is idle, so each keeps one in flight.
    let next = 3;
    for (let round = 0; round < 20; round++) {
      a.s.offer(next++);
      b.s.offer(100 + next);
      e.finish(round % 2, { a, b });
    }
    expect(a.s.framesInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(b.shown.length).toBeGreaterThanOrEqual(8); // b gets about half the engine time
    expect(a.shown.length).toBeGreaterThanOrEqual(8);
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    expect(a.shown).toEqual(sorted(a.shown));
    expect(b.shown).toEqual(sorted(b.shown));
  });

  it('clear closes the waiting frame and sends nothing after those in flight', () => {
    const { s, sent, closed, frames } = slot();
    s.offer(1);
    s.offer(2);
    s.clear();
    expect(closed).toEqual([2]);
    s.settle(nth(sent, 0).seq);
    expect(frames()).toEqual([1]);
  });
});
