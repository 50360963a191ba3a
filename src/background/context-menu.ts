/**
 * The context menu on pictures: "Stylize image ▸" with every style (the page's
 * current one marked), "Save stylized image" and "Restore original". The style
 * list is rebuilt when the styles or the chosen style change.
 */
import { t } from '../i18n/t';
import { sendToTab } from '../messaging/send';
import { getSettings } from '../settings/store';
import { listUserStyles } from '../settings/user-styles';
import { SHIPPED_STYLES, type StyleInfo } from '../shared/catalog';
import { ensureContentScript } from './injection';

export const MENU_STYLIZE = 'brushwork-stylize';
export const MENU_SAVE = 'brushwork-save';
export const MENU_RESTORE = 'brushwork-restore';
/** Children of "Stylize image": `brushwork-style:<style id>`. */
const STYLE_ITEM = 'brushwork-style:';

const create = (props: chrome.contextMenus.CreateProperties) =>
  new Promise<void>((resolve) => chrome.contextMenus.create(props, () => resolve(void chrome.runtime.lastError)));

/** Menus are global: rebuild them all, in one go, whenever what they list changes. */
let building: Promise<void> = Promise.resolve();
export function createMenus(): Promise<void> {
  building = building.then(async () => {
    const [settings, user] = await Promise.all([getSettings(), listUserStyles()]);
    const styles: StyleInfo[] = [...SHIPPED_STYLES, ...user];
    await chrome.contextMenus.removeAll();
    await create({ id: MENU_STYLIZE, title: t('menuStylize'), contexts: ['image'] });
    for (const s of styles)
      await create({
        id: `${STYLE_ITEM}${s.id}`,
        parentId: MENU_STYLIZE,
        type: 'radio',
        checked: s.id === settings.styleId,
        title: s.title,
        contexts: ['image'],
      });
    await create({ id: MENU_SAVE, title: t('menuSave'), contexts: ['image'] });
    await create({ id: MENU_RESTORE, title: t('menuRestore'), contexts: ['image'] });
  });
  return building;
}

export async function onMenuClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): Promise<void> {
  const tabId = tab?.id;
  if (tabId === undefined || tabId < 0 || !info.srcUrl) return;
  const frameId = info.frameId ?? 0;
  const id = String(info.menuItemId);
  if (id.startsWith(STYLE_ITEM)) {
    const styleId = id.slice(STYLE_ITEM.length);
    const { styleId: current } = await getSettings();
    await ensureContentScript(tabId, frameId);
    // The marked style is the page's: that one follows the page; any other is this picture's own.
    await sendToTab(tabId, { type: 'page.stylizeBySrc', srcUrl: info.srcUrl, ...(styleId === current ? {} : { styleId }) }, frameId);
  } else if (id === MENU_SAVE) {
    await ensureContentScript(tabId, frameId);
    await sendToTab(tabId, { type: 'page.saveBySrc', srcUrl: info.srcUrl }, frameId);
  } else if (id === MENU_RESTORE) {
    await sendToTab(tabId, { type: 'page.restoreBySrc', srcUrl: info.srcUrl }, frameId);
  }
}
