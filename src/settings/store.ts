/** The settings item in chrome.storage.local, versioned with @wxt-dev/storage. */
import { storage } from '@wxt-dev/storage';
import { DEFAULT_SETTINGS, type Look, SETTINGS_MIGRATIONS, SETTINGS_VERSION, type Settings, sanitizeSettings, siteOf } from './schema';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: { ...DEFAULT_SETTINGS },
  version: SETTINGS_VERSION,
  migrations: Object.fromEntries(
    Object.entries(SETTINGS_MIGRATIONS).map(([version, step]) => [
      Number(version),
      (old: unknown) => sanitizeSettings(step(old as Record<string, unknown>)),
    ]),
  ),
});

export async function getSettings(): Promise<Settings> {
  return sanitizeSettings(await settingsItem.getValue());
}

/** Read-modify-write with validation: nothing invalid is ever stored. */
export async function updateSettings(patch: Partial<Settings> | ((s: Settings) => Partial<Settings>)): Promise<Settings> {
  const current = await getSettings();
  const next = sanitizeSettings({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) });
  await settingsItem.setValue(next);
  return next;
}

export function watchSettings(callback: (s: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(sanitizeSettings(value)));
}

/** Always on for a site, starting with the look chosen now; off forgets the site and its look. */
export async function setSiteAlwaysOn(url: string, on: boolean): Promise<Settings> {
  const site = siteOf(url);
  if (!site) throw new Error(`page mode works on http(s) pages, not ${url.split(':')[0]}: pages`);
  return updateSettings((s) => {
    const { [site]: _old, ...others } = s.siteLooks;
    return on
      ? { pageModeSites: [...s.pageModeSites, site], siteLooks: { ...others, [site]: { styleId: s.styleId, intensity: s.intensity } } }
      : { pageModeSites: s.pageModeSites.filter((x) => x !== site), siteLooks: others };
  });
}

/** A style or intensity change made on `site`: remembered for that site if it is always on, else the global choice. */
export async function updateLook(site: string | null, patch: Partial<Look>): Promise<Settings> {
  return updateSettings((s) => {
    const own = site ? s.siteLooks[site] : undefined;
    if (site && own) return { siteLooks: { ...s.siteLooks, [site]: { ...own, ...patch } } };
    return patch;
  });
}
