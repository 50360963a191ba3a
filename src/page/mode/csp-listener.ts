/**
 * Learns whether the page's CSP blocks CSS data: images. A content script
 * cannot tell by itself (see src/background/csp-probe.ts): a watcher injected
 * into the page's own world posts CSP_BLOCKED_MESSAGE when it sees the
 * violation. Backgrounds wait briefly for a first answer; a later "blocked"
 * switches the ones already shown to the canvas layer.
 */
import { CSP_BLOCKED_MESSAGE } from '../../messaging/protocol';
import { sendToRuntime } from '../../messaging/send';
import type { PageController } from '../controller/controller';

/** How long backgrounds wait for the CSP watcher's first answer. */
const CSP_WAIT_MS = 250;

export class CspListener {
  private onMessage: ((e: MessageEvent) => void) | null = null;

  constructor(private readonly controller: PageController) {}

  start(): void {
    if (this.onMessage) return;
    let settle: () => void = () => undefined;
    const known = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.onMessage = (e: MessageEvent) => {
      if (e.source !== window || (e.data as { type?: unknown } | null)?.type !== CSP_BLOCKED_MESSAGE) return;
      if (this.controller.backgroundMode !== 'canvas') {
        this.controller.backgroundMode = 'canvas';
        void this.controller.reshowBackgrounds();
      }
      settle();
    };
    addEventListener('message', this.onMessage);
    void sendToRuntime({ type: 'watchCssDataImages' }).then(() => setTimeout(settle, CSP_WAIT_MS));
    this.controller.backgroundModeKnown = known;
  }

  stop(): void {
    if (this.onMessage) removeEventListener('message', this.onMessage);
    this.onMessage = null;
  }
}
