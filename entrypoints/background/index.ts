import { onCommand } from '@/src/background/commands';
import { createMenus, onMenuClick } from '@/src/background/context-menu';
import { backgroundHandlers, watchTabs } from '@/src/background/handlers';
import { syncSiteScripts } from '@/src/background/site-scripts';
import { backgroundPolicy } from '@/src/messaging/policy';
import { createRouter } from '@/src/messaging/router';
import { watchSettings } from '@/src/settings/store';

export default defineBackground(() => {
  const id = chrome.runtime.id;
  chrome.runtime.onMessage.addListener(
    createRouter({ receiver: 'background', handlers: backgroundHandlers, extensionId: id, senderPolicy: backgroundPolicy(id) }),
  );
  chrome.runtime.onInstalled.addListener(() => {
    createMenus();
    void syncSiteScripts();
  });
  chrome.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab));
  chrome.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  chrome.permissions.onAdded.addListener(() => void syncSiteScripts());
  chrome.permissions.onRemoved.addListener(() => void syncSiteScripts());
  watchSettings(() => void syncSiteScripts());
  watchTabs();
});
