/** Starts Brushwork in a page (once per frame, however often the script is injected). */
import { pagePolicy } from '../messaging/policy';
import { createRouter, type HandlerTable } from '../messaging/router';
import { siteOf } from '../settings/schema';
import { getSettings, watchSettings } from '../settings/store';
import { PageController } from './controller';
import { PageMode } from './page-mode';

const STARTED = Symbol.for('brushwork.page');

export function startPage(): void {
  const g = globalThis as typeof globalThis & { [STARTED]?: boolean };
  if (g[STARTED]) return;
  g[STARTED] = true;
  const controller = new PageController();
  const pageMode = new PageMode(controller);
  const handlers: HandlerTable<'page.stylizeBySrc' | 'page.restoreBySrc' | 'page.setPageMode' | 'page.restoreAll'> = {
    'page.stylizeBySrc': async ({ srcUrl }) => ({ matched: await controller.stylizeBySrc(srcUrl) }),
    'page.restoreBySrc': ({ srcUrl }) => ({ restored: controller.restoreBySrc(srcUrl) }),
    'page.setPageMode': ({ enabled }) => {
      if (enabled) pageMode.start();
      else pageMode.stop();
      return { enabled };
    },
    'page.restoreAll': () => {
      pageMode.stop();
      return { restored: controller.restoreAll() };
    },
  };
  chrome.runtime.onMessage.addListener(
    createRouter({ receiver: 'page', handlers, extensionId: chrome.runtime.id, senderPolicy: pagePolicy(chrome.runtime.id) }),
  );
  void getSettings().then((s) => {
    void controller.applySettings(s);
    const site = siteOf(location.href);
    if (site && s.pageModeSites.includes(site)) pageMode.start();
  });
  watchSettings((s) => void controller.applySettings(s));
}
