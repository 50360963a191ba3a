/** Starts Brushwork in a page (once per frame, however often the script is injected). */
import { pagePolicy } from '../messaging/policy';
import { createRouter, type HandlerTable } from '../messaging/router';
import { siteOf } from '../settings/schema';
import { getSettings, watchSettings } from '../settings/store';
import { CompareOverlay } from './compare';
import { PageController } from './controller/controller';
import { DOCUMENT_TOKEN } from './controller/counts';
import { PageMode } from './mode/page-mode';
import { liveVideoStats } from './video/painter';

const STARTED = Symbol.for('brushwork.page');

export function startPage(): void {
  const g = globalThis as typeof globalThis & { [STARTED]?: boolean };
  if (g[STARTED]) return;
  g[STARTED] = true;
  // The live videos' frame-path figures, for bench/video.ts over the DevTools protocol. In the content script's own
  // world: the page's scripts cannot reach it.
  (g as Record<symbol, unknown>)[Symbol.for('brushwork.videoStats')] = liveVideoStats;
  const controller = new PageController();
  const pageMode = new PageMode(controller);
  new CompareOverlay(controller).start();
  // The first message often arrives right after injection: nothing runs on default settings.
  const ready = getSettings().then((s) => controller.applySettings(s));
  const handlers: HandlerTable<
    'page.stylizeBySrc' | 'page.restoreBySrc' | 'page.saveBySrc' | 'page.setPageMode' | 'page.restoreAll' | 'page.ping'
  > = {
    'page.ping': () => ({ pageMode: pageMode.enabled, document: DOCUMENT_TOKEN }),
    'page.stylizeBySrc': async ({ srcUrl, styleId }) => {
      await ready;
      return { matched: await controller.stylizeBySrc(srcUrl, styleId) };
    },
    'page.restoreBySrc': ({ srcUrl }) => ({ restored: controller.restoreBySrc(srcUrl) }),
    'page.saveBySrc': async ({ srcUrl }) => {
      await ready;
      return { saved: await controller.saveBySrc(srcUrl) };
    },
    'page.setPageMode': async ({ enabled }) => {
      await ready;
      if (enabled) pageMode.start();
      else pageMode.stop();
      return { enabled };
    },
    'page.restoreAll': () => {
      // Page mode's stop restores what it painted: those count too (they answered 0 before, #30).
      const restored = pageMode.stop() + controller.restoreAll();
      return { restored };
    },
  };
  chrome.runtime.onMessage.addListener(
    createRouter({ receiver: 'page', handlers, extensionId: chrome.runtime.id, senderPolicy: pagePolicy(chrome.runtime.id) }),
  );
  void ready.then(() => {
    const site = siteOf(location.href);
    if (site && controller.settings.pageModeSites.includes(site)) pageMode.start();
  });
  watchSettings((s) => {
    void controller.applySettings(s);
    pageMode.setHideOriginals(s.hideOriginals);
  });
}
