import { t } from '../i18n/t';
import { isUserStyleId, SHIPPED_STYLES } from '../shared/catalog';
import { HostAccess } from './HostAccess';
import { IntensitySlider } from './IntensitySlider';
import { PageControls } from './PageControls';
import { StatusLine } from './StatusLine';
import { StylePicker } from './StylePicker';
import { usePopupState } from './usePopupState';
import { useUserStyles } from './useUserStyles';

export const previewUrl = (id: string) => `/previews/${id}.webp`;

/**
 * Firefox leaves an add-on's popup open over the tab the popup just opened (Chrome closes it as the tab takes
 * focus), still showing the controls of the page behind: the popup closes itself once the tab is open. The
 * popup page opened in a tab of its own (?tab=<id>) stays.
 */
const thenClose = (opening: Promise<unknown>) => void opening.then(() => new URLSearchParams(location.search).has('tab') || window.close());

export function Popup() {
  const s = usePopupState();
  const user = useUserStyles();
  const styles = [...SHIPPED_STYLES, ...user.styles];
  const preview = (id: string) => user.previews[id] ?? (isUserStyleId(id) ? '' : previewUrl(id));
  return (
    <main class="popup">
      <header class="row">
        <img src="/icons/32.png" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
        <button type="button" class="link" onClick={() => thenClose(chrome.runtime.openOptionsPage())}>
          {t('settingsLink')}
        </button>
      </header>
      <StylePicker styles={styles} selected={s.look.styleId} previewUrl={preview} onSelect={s.setStyle} />
      <IntensitySlider value={s.look.intensity} onInput={s.setIntensity} />
      <label class="row keep-colours">
        <input
          type="checkbox"
          name="keep-colours"
          checked={s.settings.keepColours}
          onChange={(e) => s.setKeepColours((e.target as HTMLInputElement).checked)}
        />
        <span>{t('keepColoursLabel')}</span>
      </label>
      <PageControls
        site={s.site}
        pageMode={s.status?.pageMode ?? false}
        alwaysOn={s.site !== null && s.settings.pageModeSites.includes(s.site)}
        ownLook={s.siteHasOwnLook}
        onPageMode={s.setPageMode}
        onAlwaysOn={s.setAlwaysOn}
        onRestoreAll={s.restoreAll}
      />
      <StatusLine status={s.status} error={s.error} />
      <HostAccess granted={s.allSites} onRequest={s.requestAllSites} onRelease={s.releaseAllSites} />
      <footer>
        {t('footerHint')} ·{' '}
        <a
          href="/privacy.html"
          target="_blank"
          rel="noopener"
          onClick={(e) => {
            e.preventDefault();
            thenClose(chrome.tabs.create({ url: chrome.runtime.getURL('/privacy.html') }));
          }}
        >
          {t('privacyLink')}
        </a>
      </footer>
    </main>
  );
}
