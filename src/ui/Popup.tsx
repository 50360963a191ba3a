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
        <button type="button" class="link" onClick={() => void chrome.runtime.openOptionsPage()}>
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
        <a href="/privacy.html" target="_blank" rel="noopener">
          {t('privacyLink')}
        </a>
      </footer>
    </main>
  );
}
