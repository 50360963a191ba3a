/**
 * Sites where page mode is "always on" get the content script registered for
 * them, once the user granted Brushwork access to that site (an optional host
 * permission asked for in the popup). Other sites see nothing of Brushwork.
 */
import { sitePattern } from '../settings/schema';
import { getSettings } from '../settings/store';
import { CONTENT_SCRIPT_FILE } from './injection';

const SCRIPT_ID = 'brushwork-always-on';

export async function syncSiteScripts(): Promise<string[]> {
  const { pageModeSites } = await getSettings();
  const granted: string[] = [];
  for (const site of pageModeSites) {
    if (await chrome.permissions.contains({ origins: [sitePattern(site)] })) granted.push(sitePattern(site));
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length)
    await chrome.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches: [...new Set(granted)],
        js: [CONTENT_SCRIPT_FILE.slice(1)],
        runAt: 'document_idle',
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
  return granted;
}
