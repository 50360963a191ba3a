/**
 * The frame-rate cap (a setting, #27) as a token bucket, not a minimum gap.
 *
 * requestVideoFrameCallback reports a frame at the compositor's frame that
 * shows it, so a 30 fps clip on a 60 Hz display arrives on a vsync grid:
 * mostly 33.3 ms apart, but a late frame is followed by one 16.7 ms after it
 * (and a headless compositor jitters more). The first cap ("skip a frame less
 * than 1/cap after the last one") threw away the early frame of every such
 * pair, so a 30 fps clip under the default 30 fps cap was painted at 20–27 fps
 * with both engines idle half the time (bench:video, docs/performance.md).
 * A bucket refilled at the cap's rate, holding up to BURST frames, lets such
 * a pair through and still holds the long-run rate to the cap.
 */

/** Frames the bucket holds: one early frame after a late one passes, no longer run of them. */
const BURST = 2;
/** Rounding slack (a 30 fps clip's 33.33 ms at a 30 fps cap must pass). */
const SLACK = 0.05;

export class FramePacer {
  private credit = BURST;
  private last = Number.NaN;
  /** Frames refused so far (over the cap). */
  refused = 0;

  /** Whether a frame presented at `now` (ms) may be painted under a cap of `maxFps`. */
  admit(now: number, maxFps: number): boolean {
    const elapsed = Number.isNaN(this.last) ? 0 : Math.max(0, now - this.last);
    this.last = now;
    this.credit = Math.min(BURST, this.credit + (elapsed * maxFps) / 1000);
    if (this.credit >= 1 - SLACK) {
      this.credit = Math.max(0, this.credit - 1);
      return true;
    }
    this.refused++;
    return false;
  }
}
