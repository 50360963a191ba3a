/** Tells the background when the offscreen document has had nothing to do for a while, so it can be closed (freeing its WASM heap). */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = 0;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    this.busy++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  end(): void {
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy === 0) this.arm();
  }

  arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.busy === 0) this.onIdle();
    }, this.idleMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
