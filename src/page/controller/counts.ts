/** Tells the background how many pictures are in each state, at most once per debounce window. */
import type { StateCounts } from '../../messaging/protocol';
import { sendToRuntime } from '../../messaging/send';

const DEBOUNCE_MS = 120;

/**
 * This document's name in its count reports and its answer to page.ping: the background records a
 * document's first report after a reset only once the frame's ping answers with the same name, so a
 * late report from the document a reload replaced is dropped (#30), and a live one is kept.
 */
export const DOCUMENT_TOKEN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

export class CountsReporter {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly read: () => { counts: StateCounts; pageMode: boolean }) {
    // A prerendered document's reports are dropped (Chrome names its lifecycle "prerender": it is not yet the
    // tab's, handlers.ts); once it becomes the tab's page, it reports what it has.
    if (typeof document !== 'undefined' && (document as { prerendering?: boolean }).prerendering)
      document.addEventListener('prerenderingchange', () => this.now(), { once: true });
  }

  /** At once (page mode switched), instead of on the next debounce. */
  now(): void {
    void sendToRuntime({ type: 'reportCounts', ...this.read(), document: DOCUMENT_TOKEN });
  }

  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.now();
    }, DEBOUNCE_MS);
  }
}
