/** The keyboard shortcut toggles page mode in the current tab (the shortcut grants activeTab). */

import { TOGGLE_PAGE_MODE } from '../shared/commands';
import { backgroundHandlers } from './handlers';
import { readTab } from './tab-state';

export { TOGGLE_PAGE_MODE };

export async function onCommand(command: string, tab?: chrome.tabs.Tab): Promise<void> {
  if (command !== TOGGLE_PAGE_MODE || tab?.id === undefined) return;
  const { pageMode } = await readTab(tab.id);
  await backgroundHandlers.setPageMode({ type: 'setPageMode', tabId: tab.id, enabled: !pageMode }, {});
}
