/** Tells the background how many pictures are in each state, at most once per debounce window. */
import type { StateCounts } from '../../messaging/protocol';
import { sendToRuntime } from '../../messaging/send';

const DEBOUNCE_MS = 120;

export class CountsReporter {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly read: () => { counts: StateCounts; pageMode: boolean }) {}

  /** At once (page mode switched), instead of on the next debounce. */
  now(): void {
    void sendToRuntime({ type: 'reportCounts', ...this.read() });
  }

  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.now();
    }, DEBOUNCE_MS);
  }
}
