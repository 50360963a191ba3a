/** Right-click "Stylize image" and "Restore original" on images. */
import { t } from '../i18n/t';
import { sendToTab } from '../messaging/send';
import { ensureContentScript } from './injection';

export const MENU_STYLIZE = 'brushwork-stylize';
export const MENU_RESTORE = 'brushwork-restore';

export function createMenus(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_STYLIZE, title: t('menuStylize'), contexts: ['image'] });
    chrome.contextMenus.create({ id: MENU_RESTORE, title: t('menuRestore'), contexts: ['image'] });
  });
}

export async function onMenuClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): Promise<void> {
  const tabId = tab?.id;
  if (tabId === undefined || tabId < 0 || !info.srcUrl) return;
  const frameId = info.frameId ?? 0;
  if (info.menuItemId === MENU_STYLIZE) {
    await ensureContentScript(tabId, frameId);
    await sendToTab(tabId, { type: 'page.stylizeBySrc', srcUrl: info.srcUrl }, frameId);
  } else if (info.menuItemId === MENU_RESTORE) {
    await sendToTab(tabId, { type: 'page.restoreBySrc', srcUrl: info.srcUrl }, frameId);
  }
}
