import { describe, expect, it } from 'vitest';
import { JobCancelledError, JobQueue } from '../../src/runtime/job-queue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('JobQueue', () => {
  it('runs the most urgent job first, FIFO among equals', async () => {
    const q = new JobQueue<string>(1);
    const gate = deferred();
    const order: string[] = [];
    const job = (id: string, priority: number) =>
      q.push({
        id,
        tabId: 1,
        priority,
        run: async () => {
          if (id === 'blocker') await gate.promise;
          order.push(id);
          return id;
        },
      });
    const all = [job('blocker', 0), job('far', 500), job('visible-1', 0), job('near', 100), job('visible-2', 0)];
    gate.resolve();
    await Promise.all(all);
    expect(order).toEqual(['blocker', 'visible-1', 'visible-2', 'near', 'far']);
  });

  it('remembers the most jobs that ever waited at once; a job that starts at once never counts', async () => {
    const q = new JobQueue<string>(2);
    const gate = deferred();
    const job = (id: string) => q.push({ id, tabId: 1, priority: 0, run: () => gate.promise.then(() => id) });
    const first = [job('a'), job('b')];
    expect(q.size.peakWaiting).toBe(0); // two engines, two jobs: none waited
    const more = [job('c'), job('d'), job('e')];
    expect(q.size.peakWaiting).toBe(3);
    gate.resolve();
    await Promise.all([...first, ...more]);
    expect(q.size).toMatchObject({ waiting: 0, running: 0, peakWaiting: 3 });
  });

  it('cancels waiting jobs by id and by tab, and signals running ones', async () => {
    const q = new JobQueue<string>(1);
    let signal: AbortSignal | undefined;
    const running = q.push({
      id: 'r',
      tabId: 1,
      priority: 0,
      run: (s) =>
        new Promise((_, reject) => {
          signal = s;
          s.addEventListener('abort', () => reject(s.reason));
        }),
    });
    const waiting = q.push({ id: 'w', tabId: 2, priority: 0, run: async () => 'w' });
    const other = q.push({ id: 'o', tabId: 3, priority: 0, run: async () => 'o' });
    expect(q.cancelIds(['w'])).toBe(1);
    await expect(waiting).rejects.toBeInstanceOf(JobCancelledError);
    expect(q.cancelTab(1)).toBe(1);
    expect(signal?.aborted).toBe(true);
    await expect(running).rejects.toBeInstanceOf(JobCancelledError);
    await expect(other).resolves.toBe('o');
  });

  it('stays bounded: a full queue drops its least urgent job for a more urgent one', async () => {
    const q = new JobQueue<string>(1, 3);
    const gate = deferred();
    const blocker = q.push({ id: 'b', tabId: 1, priority: 0, run: () => gate.promise.then(() => 'b') });
    const far = q.push({ id: 'far', tabId: 1, priority: 900, run: async () => 'far' });
    const jobs = [
      q.push({ id: 'x', tabId: 1, priority: 10, run: async () => 'x' }),
      q.push({ id: 'y', tabId: 1, priority: 10, run: async () => 'y' }),
    ];
    const urgent = q.push({ id: 'u', tabId: 1, priority: 0, run: async () => 'u' });
    await expect(far).rejects.toThrow(/displaced/);
    const late = q.push({ id: 'late', tabId: 1, priority: 999, run: async () => 'late' });
    await expect(late).rejects.toThrow(/queue is full/);
    expect(q.size.waiting).toBe(3);
    gate.resolve();
    expect(await Promise.all([blocker, urgent, ...jobs])).toEqual(['b', 'u', 'x', 'y']);
  });

  it('is bounded in bytes too: big waiting jobs give way to an urgent one, and a job over the whole budget is refused (#22)', async () => {
    const MiB = 1024 * 1024;
    const q = new JobQueue<string>(1, 500, 64 * MiB);
    const gate = deferred();
    const blocker = q.push({ id: 'b', tabId: 1, priority: 0, bytes: 40 * MiB, run: () => gate.promise.then(() => 'b') });
    // Running jobs do not count: only what waits holds memory the queue is responsible for.
    const far = q.push({ id: 'far', tabId: 1, priority: 900, bytes: 30 * MiB, run: async () => 'far' });
    const near = q.push({ id: 'near', tabId: 1, priority: 100, bytes: 30 * MiB, run: async () => 'near' });
    expect(q.size.waitingBytes).toBe(60 * MiB);
    const urgent = q.push({ id: 'u', tabId: 1, priority: 0, bytes: 20 * MiB, run: async () => 'u' });
    await expect(far).rejects.toThrow(/displaced/);
    expect(q.size.waitingBytes).toBe(50 * MiB);
    const lowBig = q.push({ id: 'low', tabId: 1, priority: 999, bytes: 20 * MiB, run: async () => 'low' });
    await expect(lowBig).rejects.toThrow(/queue is full/);
    await expect(q.push({ id: 'huge', tabId: 1, priority: 0, bytes: 65 * MiB, run: async () => 'huge' })).rejects.toThrow(
      /at most 64 MiB of images; this one has 65 MiB/,
    );
    gate.resolve();
    expect(await Promise.all([blocker, urgent, near])).toEqual(['b', 'u', 'near']);
    expect(q.size.waitingBytes).toBe(0);
  });

  it('lets tabs take turns among equally urgent jobs, so one busy tab cannot starve the others', async () => {
    const q = new JobQueue<string>(1);
    const gate = deferred();
    const order: string[] = [];
    const job = (id: string, tabId: number, priority = 0) =>
      q.push({
        id,
        tabId,
        priority,
        run: async () => {
          if (id === 'blocker') await gate.promise;
          order.push(id);
          return id;
        },
      });
    const all = [job('blocker', 1)];
    for (let i = 0; i < 4; i++) all.push(job(`a${i}`, 1));
    all.push(job('b0', 2), job('b1', 2), job('c0', 3), job('c-far', 3, 500));
    gate.resolve();
    await Promise.all(all);
    // Tab 1 was just served (the blocker), so tabs 2 and 3 go first, then turns alternate.
    expect(order).toEqual(['blocker', 'b0', 'c0', 'a0', 'b1', 'a1', 'a2', 'a3', 'c-far']);
  });

  it('runs as many jobs at once as the engine has workers once told', async () => {
    const q = new JobQueue<string>(1);
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    const jobs = gates.map((g, i) =>
      q.push({
        id: `j${i}`,
        tabId: 1,
        priority: 0,
        run: async () => {
          running++;
          peak = Math.max(peak, running);
          await g.promise;
          running--;
          return `j${i}`;
        },
      }),
    );
    expect(q.size).toMatchObject({ waiting: 2, running: 1 });
    q.setConcurrency(2);
    expect(q.size).toMatchObject({ waiting: 1, running: 2 });
    for (const g of gates) g.resolve();
    await Promise.all(jobs);
    expect(peak).toBe(2);
  });
});
