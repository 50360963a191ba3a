/**
 * How many of a page's jobs are out at once in page mode (#21, "first picture
 * first"). Handing the runtime all forty visible pictures at once made it
 * receive, hash and look up forty messages before the first picture's model
 * run could start (traced: the engines idled ~200 ms while the offscreen
 * document's main thread worked through them); a small window keeps the
 * engines fed and lets the first pictures through first. Waiting jobs are
 * granted nearest first (lowest priority number), then in arrival order,
 * which is the page's reading order; a picture scrolled away meanwhile is
 * dropped by its own job when granted (stillWanted).
 */
/** Page-mode jobs out at once per page: enough to keep up to four engines fed (and their next pictures on the way). */
export const PAGE_JOBS_IN_FLIGHT = 6;

export class JobWindow {
  private out = 0;
  private seq = 0;
  private readonly waiting: { priority: number; seq: number; grant: () => void }[] = [];

  constructor(readonly size: number) {}

  get inFlight(): number {
    return this.out;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves when the job may go out; call the returned function exactly when its answer is in. */
  async acquire(priority: number): Promise<() => void> {
    if (this.out < this.size && this.waiting.length === 0) this.out++;
    else
      await new Promise<void>((grant) => {
        const w = { priority, seq: this.seq++, grant };
        const at = this.waiting.findIndex((o) => o.priority > priority || (o.priority === priority && o.seq > w.seq));
        this.waiting.splice(at < 0 ? this.waiting.length : at, 0, w);
      });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.out--;
      this.grantNext();
    };
  }

  private grantNext(): void {
    const next = this.waiting.shift();
    if (!next) return;
    this.out++;
    next.grant();
  }
}
