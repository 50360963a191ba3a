/**
 * One queue for all stylization work: lowest priority number first (visible
 * images before far-away ones); among equals, tabs take turns (the tab served
 * longest ago goes next, so one image-heavy tab cannot starve four others),
 * FIFO within a tab. Cancellable by job id or tab, bounded so that five tabs
 * in page mode cannot grow it without limit: in jobs, and in the bytes the
 * waiting jobs hold (a page may send up to 32 MiB of image bytes per job, so
 * a count alone would allow 16 GB; #22).
 */
import { BrushworkError } from '../messaging/errors';
export interface QueuedJob<T> {
  id: string;
  tabId: number;
  priority: number;
  /** Bytes the job holds while it waits (image bytes sent with it); counted against maxWaitingBytes. */
  bytes?: number;
  run: (signal: AbortSignal) => Promise<T>;
}

/** 256 MiB: eight of the largest pictures a page may send, or hundreds of ordinary ones. */
export const MAX_WAITING_BYTES = 256 * 1024 * 1024;

export class JobCancelledError extends BrushworkError {
  override name = 'JobCancelledError';
  constructor(reason = 'cancelled') {
    super('cancelled', reason);
  }
}

interface Entry<T> extends QueuedJob<T> {
  seq: number;
  controller: AbortController;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export class JobQueue<T> {
  private readonly waiting: Entry<T>[] = [];
  private readonly running = new Map<string, Entry<T>>();
  private seq = 0;
  /** Tab → when it was last served (a counter, not a clock: deterministic). */
  private readonly lastServed = new Map<number, number>();
  private served = 0;
  private waitingBytes = 0;
  /** The most jobs waiting at once since this queue was made. */
  private peak = 0;

  constructor(
    private concurrency = 1,
    readonly maxWaiting = 500,
    readonly maxWaitingBytes = MAX_WAITING_BYTES,
  ) {}

  /** The engine decides how many pictures run at once (one per engine worker) once it has started. */
  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, Math.floor(n));
    this.pump();
  }

  get size(): { waiting: number; running: number; waitingBytes: number; peakWaiting: number } {
    return { waiting: this.waiting.length, running: this.running.size, waitingBytes: this.waitingBytes, peakWaiting: this.peak };
  }

  push(job: QueuedJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const bytes = job.bytes ?? 0;
      if (bytes > this.maxWaitingBytes) {
        reject(
          new JobCancelledError(
            `the queue holds at most ${this.maxWaitingBytes / 1048576} MiB of images; this one has ${Math.ceil(bytes / 1048576)} MiB`,
          ),
        );
        return;
      }
      const full = () => this.waiting.length >= this.maxWaiting || this.waitingBytes + bytes > this.maxWaitingBytes;
      while (full() && this.evictLowest(job.priority));
      if (full()) {
        reject(new JobCancelledError('the queue is full: too many images waiting'));
        return;
      }
      this.waiting.push({ ...job, seq: this.seq++, controller: new AbortController(), resolve, reject });
      this.waitingBytes += bytes;
      this.pump();
      this.peak = Math.max(this.peak, this.waiting.length); // after pump: only jobs that really wait count
    });
  }

  /** Takes a waiting entry out, keeping the byte count. */
  private remove(index: number): Entry<T> {
    const entry = this.waiting.splice(index, 1)[0] as Entry<T>;
    this.waitingBytes -= entry.bytes ?? 0;
    return entry;
  }

  /** When full, a more urgent job displaces the least urgent waiting one; false when none is less urgent. */
  private evictLowest(priority: number): boolean {
    let worst = -1;
    this.waiting.forEach((e, i) => {
      const w = this.waiting[worst];
      if (worst < 0 || e.priority > (w as Entry<T>).priority || (e.priority === (w as Entry<T>).priority && e.seq > (w as Entry<T>).seq))
        worst = i;
    });
    const victim = this.waiting[worst];
    if (!victim || victim.priority <= priority) return false;
    this.remove(worst);
    victim.reject(new JobCancelledError('displaced by more urgent images'));
    return true;
  }

  private next(): Entry<T> | undefined {
    let best = -1;
    this.waiting.forEach((e, i) => {
      const b = this.waiting[best];
      if (best < 0 || this.before(e, b as Entry<T>)) best = i;
    });
    if (best < 0) return undefined;
    const entry = this.remove(best);
    this.lastServed.set(entry.tabId, ++this.served);
    if (this.lastServed.size > 64) this.forgetIdleTabs();
    return entry;
  }

  /** Priority first, then the tab whose turn it is, then arrival order. */
  private before(a: Entry<T>, b: Entry<T>): boolean {
    if (a.priority !== b.priority) return a.priority < b.priority;
    const turnA = this.lastServed.get(a.tabId) ?? 0;
    const turnB = this.lastServed.get(b.tabId) ?? 0;
    if (turnA !== turnB) return turnA < turnB;
    return a.seq < b.seq;
  }

  private forgetIdleTabs(): void {
    const active = new Set(this.waiting.map((e) => e.tabId));
    for (const tabId of this.lastServed.keys()) if (!active.has(tabId)) this.lastServed.delete(tabId);
  }

  private pump(): void {
    while (this.running.size < this.concurrency) {
      const entry = this.next();
      if (!entry) return;
      this.running.set(entry.id, entry);
      entry
        .run(entry.controller.signal)
        .then(entry.resolve, entry.reject)
        .finally(() => {
          this.running.delete(entry.id);
          this.pump();
        });
    }
  }

  /** Cancels waiting jobs outright and signals running ones to stop. */
  cancel(predicate: (job: QueuedJob<T>) => boolean, reason = 'cancelled'): number {
    let n = 0;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const e = this.waiting[i] as Entry<T>;
      if (predicate(e)) {
        this.remove(i);
        e.reject(new JobCancelledError(reason));
        n++;
      }
    }
    for (const e of this.running.values()) {
      if (predicate(e)) {
        e.controller.abort(new JobCancelledError(reason));
        n++;
      }
    }
    return n;
  }

  cancelIds(ids: Iterable<string>): number {
    const set = new Set(ids);
    return this.cancel((j) => set.has(j.id));
  }

  cancelTab(tabId: number): number {
    return this.cancel((j) => j.tabId === tabId, 'the tab went away');
  }
}
