/** Popup state: the active tab, the settings, and a status poll. Talks to the background only through messages. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { BrushworkError, throwFailure } from '../messaging/errors';
import type { Failure, TabStatus } from '../messaging/protocol';
import { sendToRuntime } from '../messaging/send';
import { DEFAULT_SETTINGS, lookFor, type Settings, siteOf, sitePattern } from '../settings/schema';
import { getSettings, setSiteAlwaysOn, updateLook, updateSettings, watchSettings } from '../settings/store';

export const ALL_SITES = { origins: ['<all_urls>'] };
const POLL_MS = 700;

/** The user declined the one-site permission that "always on" needs. */
class AlwaysOnRefused extends Error {}

/** What the popup says about a failed action: decided by the error's kind, worded in the user's language. */
export function popupErrorText(e: unknown): string {
  if (e instanceof AlwaysOnRefused) return t('popupAlwaysOnRefused');
  if (e instanceof BrushworkError && e.kind === 'no-permission') return t('popupErrorNoPermission');
  return t('popupErrorGeneric');
}

export function usePopupState() {
  const [tab, setTab] = useState<{ id: number; url: string } | null>(null);
  const [settings, setSettings] = useState<Settings>({ ...DEFAULT_SETTINGS });
  const [settingsLoaded, setSettingsLoaded] = useState(false);
  const [status, setStatus] = useState<TabStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [allSites, setAllSites] = useState(false);

  useEffect(() => {
    void getSettings().then((s) => {
      setSettings(s);
      setSettingsLoaded(true);
    });
    void chrome.permissions.contains(ALL_SITES).then(setAllSites);
    const params = new URLSearchParams(location.search);
    // ?tab=<id> lets the popup page be opened in a tab (tests, keyboard users) for a given tab.
    const forced = Number(params.get('tab'));
    const query = forced ? chrome.tabs.get(forced).then((t) => [t]) : chrome.tabs.query({ active: true, currentWindow: true });
    void query.then(([t]) => t?.id !== undefined && setTab({ id: t.id, url: t.url ?? '' }));
    return watchSettings(setSettings);
  }, []);

  useEffect(() => {
    if (!tab) return;
    let stopped = false;
    const poll = async () => {
      const r = await sendToRuntime({ type: 'getStatus', tabId: tab.id });
      if (stopped) return;
      if (r.ok) setStatus(r);
      setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [tab]);

  const run = useCallback(async (f: () => Promise<unknown>) => {
    try {
      setError(null);
      await f();
    } catch (e) {
      setError(popupErrorText(e));
    }
  }, []);

  const site = tab ? siteOf(tab.url) : null;
  const look = lookFor(settings, site);

  // Speculative start: the engines and the style load while the person looks at the popup, not after
  // the click. Nothing is stylized; an idle offscreen document closes itself after a minute.
  useEffect(() => {
    if (tab && settingsLoaded) void sendToRuntime({ type: 'warmUp', styleId: look.styleId, tabId: tab.id });
  }, [tab, settingsLoaded, look.styleId]);
  const expect = async (p: Promise<{ ok: true } | Failure>) => {
    const r = await p;
    if (!r.ok) throwFailure(r);
  };

  return {
    tab,
    site,
    settings,
    look,
    siteHasOwnLook: site !== null && site in settings.siteLooks,
    status,
    error,
    allSites,
    setStyle: (styleId: string) => run(() => updateLook(site, { styleId })),
    setIntensity: (intensity: number) => run(() => updateLook(site, { intensity })),
    setKeepColours: (keepColours: boolean) => run(() => updateSettings({ keepColours })),
    setPageMode: (enabled: boolean) => run(() => expect(sendToRuntime({ type: 'setPageMode', tabId: tab?.id ?? -1, enabled }))),
    restoreAll: () => run(() => expect(sendToRuntime({ type: 'restoreAll', tabId: tab?.id ?? -1 }))),
    setAlwaysOn: (on: boolean) =>
      run(async () => {
        if (!site || !tab) return;
        // Ask for this one site only; page mode still works for this tab if the user says no.
        if (on && !(await chrome.permissions.request({ origins: [sitePattern(site)] }))) throw new AlwaysOnRefused();
        await setSiteAlwaysOn(tab.url, on);
        if (on) await expect(sendToRuntime({ type: 'setPageMode', tabId: tab.id, enabled: true }));
        // No longer always on: the site access was asked for that alone, so it is given back.
        else await chrome.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
      }),
    requestAllSites: () => run(async () => setAllSites(await chrome.permissions.request(ALL_SITES))),
    releaseAllSites: () => run(async () => setAllSites(!(await chrome.permissions.remove(ALL_SITES)))),
  };
}
