/** Page mode's job window (#21): at most `size` jobs out, the nearest waiting one next, arrival order among equals. */
import { describe, expect, it } from 'vitest';
import { JobWindow } from '../../src/page/controller/job-window';

describe('JobWindow', () => {
  it('lets `size` jobs out at once and grants the nearest waiting job when one comes back', async () => {
    const w = new JobWindow(2);
    const first = await w.acquire(0);
    const second = await w.acquire(0);
    expect(w.inFlight).toBe(2);
    const order: string[] = [];
    const far = w.acquire(900).then((release) => {
      order.push('far');
      return release;
    });
    const near = w.acquire(10).then((release) => {
      order.push('near');
      return release;
    });
    const nearToo = w.acquire(10).then((release) => {
      order.push('near-too');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(w.queued).toBe(3);
    first();
    (await near)();
    second();
    (await nearToo)();
    (await far)();
    expect(order).toEqual(['near', 'near-too', 'far']);
    expect(w.inFlight).toBe(0);
    expect(w.queued).toBe(0);
  });

  it('counts a release once, however often it is called', async () => {
    const w = new JobWindow(1);
    const release = await w.acquire(0);
    release();
    release();
    expect(w.inFlight).toBe(0);
    const again = await w.acquire(0);
    expect(w.inFlight).toBe(1);
    again();
  });

  it('never lets a newcomer jump waiting jobs while the window is full', async () => {
    const w = new JobWindow(1);
    const first = await w.acquire(0);
    const order: number[] = [];
    const a = w.acquire(5).then((r) => {
      order.push(5);
      return r;
    });
    first();
    const b = w.acquire(0).then((r) => {
      order.push(0);
      return r;
    });
    (await a)();
    (await b)();
    expect(order).toEqual([5, 0]);
  });
});
