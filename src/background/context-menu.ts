/**
 * The context menu on pictures: "Stylize image ▸" with every style (the page's
 * current one marked), "Save stylized image" and "Restore original"; on videos
 * (#27), "Stylize video ▸" with the same styles, and "Restore video". The style
 * lists are rebuilt when the styles or the chosen style change.
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
export const MENU_STYLIZE_VIDEO = 'brushwork-stylize-video';
export const MENU_RESTORE_VIDEO = 'brushwork-restore-video';
/** Children of "Stylize image": `brushwork-style:<style id>`. */
const STYLE_ITEM = 'brushwork-style:';
/** Children of "Stylize video": `brushwork-video-style:<style id>`. */
const VIDEO_STYLE_ITEM = 'brushwork-video-style:';

const styleItems = async (parentId: string, prefix: string, context: 'image' | 'video', styles: StyleInfo[], chosen: string) => {
  for (const s of styles)
    await create({ id: `${prefix}${s.id}`, parentId, type: 'radio', checked: s.id === chosen, title: s.title, contexts: [context] });
};

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
    await styleItems(MENU_STYLIZE, STYLE_ITEM, 'image', styles, settings.styleId);
    await create({ id: MENU_SAVE, title: t('menuSave'), contexts: ['image'] });
    await create({ id: MENU_RESTORE, title: t('menuRestore'), contexts: ['image'] });
    await create({ id: MENU_STYLIZE_VIDEO, title: t('menuStylizeVideo'), contexts: ['video'] });
    await styleItems(MENU_STYLIZE_VIDEO, VIDEO_STYLE_ITEM, 'video', styles, settings.styleId);
    await create({ id: MENU_RESTORE_VIDEO, title: t('menuRestoreVideo'), contexts: ['video'] });
  });
  return building;
}

export async function onMenuClick(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): Promise<void> {
  const tabId = tab?.id;
  if (tabId === undefined || tabId < 0 || !info.srcUrl) return;
  const frameId = info.frameId ?? 0;
  const id = String(info.menuItemId);
  const prefix = [STYLE_ITEM, VIDEO_STYLE_ITEM].find((p) => id.startsWith(p));
  if (prefix) {
    const styleId = id.slice(prefix.length);
    const { styleId: current } = await getSettings();
    await ensureContentScript(tabId, frameId);
    // The marked style is the page's: that one follows the page; any other is this picture's own.
    await sendToTab(tabId, { type: 'page.stylizeBySrc', srcUrl: info.srcUrl, ...(styleId === current ? {} : { styleId }) }, frameId);
  } else if (id === MENU_SAVE) {
    await ensureContentScript(tabId, frameId);
    await sendToTab(tabId, { type: 'page.saveBySrc', srcUrl: info.srcUrl }, frameId);
  } else if (id === MENU_RESTORE || id === MENU_RESTORE_VIDEO) {
    await sendToTab(tabId, { type: 'page.restoreBySrc', srcUrl: info.srcUrl }, frameId);
  }
}
