/** The keyboard shortcut toggles page mode in the current tab (the shortcut grants activeTab). */
import { backgroundHandlers } from './handlers';
import { readTab } from './tab-state';

export const TOGGLE_PAGE_MODE = 'toggle-page-mode';

export async function onCommand(command: string, tab?: chrome.tabs.Tab): Promise<void> {
  if (command !== TOGGLE_PAGE_MODE || tab?.id === undefined) return;
  const { pageMode } = await readTab(tab.id);
  await backgroundHandlers.setPageMode({ type: 'setPageMode', tabId: tab.id, enabled: !pageMode }, {});
}
