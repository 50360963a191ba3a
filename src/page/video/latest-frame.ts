/**
 * Latest frame wins (#27): a video has at most MAX_IN_FLIGHT frames at the
 * engines and one waiting. A newer frame replaces the waiting one (which is
 * closed at once, freeing its GPU memory), so a slow engine shows fewer
 * frames, never old ones, and the page's own playback is never held back by
 * a queue.
 *
 * Two frames in flight, not one frame split in bands (EnginePool.runSplit):
 * a video's first frame in flight is always sent (to the least busy engine);
 * a second goes only while an engine is idle (`spare`), so one playing video
 * keeps both engines busy with consecutive frames, and with several videos
 * each keeps one frame in flight and none can starve another. Why not bands:
 * a split frame's two halves trade statistics at every layer (11 hand-overs
 * a frame), so each frame waits for the slower half; on a shared 2-core
 * machine one half is often descheduled and the split's median loses to one
 * engine (docs/performance.md, "One frame on two engines"), and it costs
 * ~10–28 % more CPU on the halos. Two frames in flight cost nothing extra and
 * double what one video can paint; their latency is one engine's run.
 *
 * Order: every frame gets a sequence number at capture; a result older than
 * one already shown is dropped (`settle` says so), so frames are shown in
 * capture order even when the second engine finishes first.
 */
export const MAX_IN_FLIGHT = 2;

export class LatestFrameSlot<T> {
  private inFlight = 0;
  private waiting: T | undefined;
  private nextSeq = 1;
  private shownSeq = 0;
  /** Frames replaced before they were sent (a measure of what the engines could not keep up with). */
  dropped = 0;
  /** Painted frames that came back after a newer one was shown, and were not shown. */
  late = 0;

  constructor(
    private readonly send: (frame: T, seq: number) => void,
    private readonly close: (frame: T) => void,
    /** Whether an engine is idle now (a second frame in flight would not wait behind another video's). */
    private readonly spare: () => boolean = () => false,
  ) {}

  get busy(): boolean {
    return this.inFlight > 0;
  }

  get pending(): boolean {
    return this.waiting !== undefined;
  }

  get framesInFlight(): number {
    return this.inFlight;
  }

  private canSend(): boolean {
    return this.inFlight === 0 || (this.inFlight < MAX_IN_FLIGHT && this.spare());
  }

  /** A new frame: sent now if the slot may send, else it waits in place of any older waiting one. */
  offer(frame: T): void {
    if (this.canSend()) {
      // An older frame still waiting (the engines were all taken when it came, one is spare now) would go
      // after this one and be shown after it: it is dropped instead.
      if (this.waiting !== undefined) {
        this.close(this.waiting);
        this.dropped++;
        this.waiting = undefined;
      }
      this.inFlight++;
      this.send(frame, this.nextSeq++);
      return;
    }
    if (this.waiting !== undefined) {
      this.close(this.waiting);
      this.dropped++;
    }
    this.waiting = frame;
  }

  /**
   * The frame `seq` came back (painted or failed): the waiting one, if any,
   * goes next. Returns whether a painted result may be shown: false when a
   * newer frame was already shown (a late older frame is dropped).
   */
  settle(seq: number, painted = true): boolean {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const fresh = seq > this.shownSeq;
    if (painted) {
      if (fresh) this.shownSeq = seq;
      else this.late++;
    }
    const next = this.waiting;
    this.waiting = undefined;
    if (next !== undefined) this.offer(next);
    return fresh;
  }

  /** Stop: the waiting frame is closed; those in flight, when they settle, send nothing after them. */
  clear(): void {
    if (this.waiting !== undefined) this.close(this.waiting);
    this.waiting = undefined;
  }
}
