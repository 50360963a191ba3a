import { onCommand } from '@/src/background/commands';
import { createMenus, onMenuClick } from '@/src/background/context-menu';
import { watchDocumentPolicies } from '@/src/background/document-csp';
import { backgroundHandlers, watchTabs } from '@/src/background/handlers';
import { ensurePrivateNetworkRules } from '@/src/background/private-network-rules';
import { watchResponseAddresses } from '@/src/background/response-addresses';
import { syncSiteScripts } from '@/src/background/site-scripts';
import { backgroundPolicy } from '@/src/messaging/policy';
import { createRouter } from '@/src/messaging/router';
import { clearPersistentResults } from '@/src/runtime/browser/cache-api-backend';
import { watchSettings } from '@/src/settings/store';
import { watchUserStyles } from '@/src/settings/user-styles';

export default defineBackground(() => {
  const id = chrome.runtime.id;
  void ensurePrivateNetworkRules();
  watchResponseAddresses();
  watchDocumentPolicies();
  chrome.runtime.onMessage.addListener(
    createRouter({ receiver: 'background', handlers: backgroundHandlers, extensionId: id, senderPolicy: backgroundPolicy(id) }),
  );
  chrome.runtime.onInstalled.addListener(() => {
    void createMenus();
    void syncSiteScripts();
  });
  // Repainted pictures last one browser session (privacy page): the persistent store starts empty.
  chrome.runtime.onStartup.addListener(() => void clearPersistentResults());
  chrome.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab));
  chrome.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  chrome.permissions.onAdded.addListener(() => void syncSiteScripts());
  chrome.permissions.onRemoved.addListener(() => void syncSiteScripts());
  watchSettings(() => {
    void syncSiteScripts();
    void createMenus(); // the marked style follows the chosen one
  });
  watchUserStyles(() => void createMenus());
  watchTabs();
});
