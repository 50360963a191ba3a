/**
 * Latest frame wins (#27): at most one frame of a video in flight to the
 * engines and one waiting. A newer frame replaces the waiting one (which is
 * closed at once, freeing its GPU memory), so a slow engine shows fewer
 * frames, never old ones, and the page's own playback is never held back by
 * a queue.
 */
export class LatestFrameSlot<T> {
  private inFlight = false;
  private waiting: T | undefined;
  /** Frames replaced before they were sent (a measure of what the engines could not keep up with). */
  dropped = 0;

  constructor(
    private readonly send: (frame: T) => void,
    private readonly close: (frame: T) => void,
  ) {}

  get busy(): boolean {
    return this.inFlight;
  }

  get pending(): boolean {
    return this.waiting !== undefined;
  }

  /** A new frame: sent now if nothing is in flight, else it waits in place of any older waiting one. */
  offer(frame: T): void {
    if (!this.inFlight) {
      this.inFlight = true;
      this.send(frame);
      return;
    }
    if (this.waiting !== undefined) {
      this.close(this.waiting);
      this.dropped++;
    }
    this.waiting = frame;
  }

  /** The frame in flight came back (painted or failed): the waiting one, if any, goes next. */
  settle(): void {
    this.inFlight = false;
    const next = this.waiting;
    this.waiting = undefined;
    if (next !== undefined) this.offer(next);
  }

  /** Stop: the waiting frame is closed; the one in flight, when it settles, sends nothing after it. */
  clear(): void {
    if (this.waiting !== undefined) this.close(this.waiting);
    this.waiting = undefined;
  }
}
