import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/t';
import {
  DEFAULT_SETTINGS,
  MAX_SIDE_CHOICES,
  type Settings,
  sitePattern,
  VIDEO_MAX_FPS_CHOICES,
  VIDEO_MAX_SIDE_CHOICES,
} from '../settings/schema';
import { getSettings, updateSettings, watchSettings } from '../settings/store';
import { ForgetPictures } from './ForgetPictures';
import { Shortcut } from './Shortcut';
import { UserStyles } from './UserStyles';

/** The settings page: always-on sites, hide-originals, your styles, the max side, and forgetting repainted pictures. */
export function Options() {
  const [settings, setSettings] = useState<Settings>({ ...DEFAULT_SETTINGS });
  useEffect(() => {
    void getSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);

  const removeSite = async (site: string) => {
    await updateSettings((s) => ({ pageModeSites: s.pageModeSites.filter((x) => x !== site) }));
    // Access to a site is only needed while it is in the list.
    await chrome.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
  };

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <section>
        <h2>{t('optionsSitesHeading')}</h2>
        {settings.pageModeSites.length === 0 ? (
          <p class="hint">{t('optionsNoSites')}</p>
        ) : (
          <ul class="sites">
            {settings.pageModeSites.map((site) => (
              <li key={site}>
                <span>{site}</span>
                <button type="button" onClick={() => void removeSite(site)} aria-label={t('optionsRemoveSite', site)}>
                  {t('optionsRemove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t('optionsPageModeHeading')}</h2>
        <label class="row">
          <input
            type="checkbox"
            name="hide-originals"
            checked={settings.hideOriginals}
            onChange={(e) => void updateSettings({ hideOriginals: (e.target as HTMLInputElement).checked })}
          />
          <span>{t('optionsHideOriginals')}</span>
        </label>
        <p class="hint">{t('compareHint')}</p>
        <Shortcut />
      </section>
      <UserStyles />
      <section>
        <h2>{t('optionsQualityHeading')}</h2>
        <label class="row">
          <span>{t('optionsMaxSide')}</span>
          <select
            name="max-side"
            value={String(settings.maxSide)}
            onChange={(e) => void updateSettings({ maxSide: Number((e.target as HTMLSelectElement).value) })}
          >
            {MAX_SIDE_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {t('optionsPixels', n)}
              </option>
            ))}
          </select>
        </label>
        <p class="hint">{t('optionsMaxSideHint')}</p>
        <label class="row">
          <span>{t('optionsVideoMaxSide')}</span>
          <select
            name="video-max-side"
            value={String(settings.videoMaxSide)}
            onChange={(e) => void updateSettings({ videoMaxSide: Number((e.target as HTMLSelectElement).value) })}
          >
            {VIDEO_MAX_SIDE_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {t('optionsPixels', n)}
              </option>
            ))}
          </select>
        </label>
        <label class="row">
          <span>{t('optionsVideoMaxFps')}</span>
          <select
            name="video-max-fps"
            value={String(settings.videoMaxFps)}
            onChange={(e) => void updateSettings({ videoMaxFps: Number((e.target as HTMLSelectElement).value) })}
          >
            {VIDEO_MAX_FPS_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <p class="hint">{t('optionsVideoHint')}</p>
      </section>
      <section>
        <h2>{t('optionsPrivacyHeading')}</h2>
        <p class="hint">
          {t('optionsPrivacyText')} <a href="/privacy.html">{t('privacyLink')}</a>
        </p>
        <ForgetPictures />
      </section>
    </main>
  );
}
