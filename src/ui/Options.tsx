import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, MAX_SIDE_CHOICES, type Settings } from '../settings/schema';
import { getSettings, updateSettings, watchSettings } from '../settings/store';

/** The settings page: sites where page mode is always on (editable), hide-originals, the max side. */
export function Options() {
  const [settings, setSettings] = useState<Settings>({ ...DEFAULT_SETTINGS });
  useEffect(() => {
    void getSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);

  const removeSite = async (site: string) => {
    await updateSettings((s) => ({ pageModeSites: s.pageModeSites.filter((x) => x !== site) }));
    // Access to a site is only needed while it is in the list.
    await chrome.permissions.remove({ origins: [`${site}/*`] }).catch(() => false);
  };

  return (
    <main class="options">
      <h1>Brushwork settings</h1>
      <section>
        <h2>Always on for these sites</h2>
        {settings.pageModeSites.length === 0 ? (
          <p class="hint">No site yet. Choose “Always on for this site” in the popup on a site you like repainted.</p>
        ) : (
          <ul class="sites">
            {settings.pageModeSites.map((site) => (
              <li key={site}>
                <span>{site}</span>
                <button type="button" onClick={() => void removeSite(site)} aria-label={`Remove ${site}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>Page mode</h2>
        <label class="row">
          <input
            type="checkbox"
            name="hide-originals"
            checked={settings.hideOriginals}
            onChange={(e) => void updateSettings({ hideOriginals: (e.target as HTMLInputElement).checked })}
          />
          <span>Hide pictures until their repainted version is ready (no flash of the original)</span>
        </label>
      </section>
      <section>
        <h2>Quality</h2>
        <label class="row">
          <span>Largest side to repaint at</span>
          <select
            name="max-side"
            value={String(settings.maxSide)}
            onChange={(e) => void updateSettings({ maxSide: Number((e.target as HTMLSelectElement).value) })}
          >
            {MAX_SIDE_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {n} px
              </option>
            ))}
          </select>
        </label>
        <p class="hint">
          Pictures are repainted at the size they are shown, up to this many pixels on their longer side. Larger is sharper and slower.
        </p>
      </section>
    </main>
  );
}
