import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../src/runtime/browser/idle';

describe('IdleTimer (closes the offscreen document when idle)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once the last job has ended and the idle time has passed, never while a job runs', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimer(1000, onIdle);
    idle.arm();
    vi.advanceTimersByTime(900);
    idle.start(); // a job arrives before the document went idle
    idle.start();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    idle.end();
    vi.advanceTimersByTime(5000); // one job still runs
    expect(onIdle).not.toHaveBeenCalled();
    idle.end();
    vi.advanceTimersByTime(999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('an unmatched end() cannot make it think it is idle while busy', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const idle = new IdleTimer(100, onIdle);
    idle.end();
    idle.start();
    vi.advanceTimersByTime(1000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
