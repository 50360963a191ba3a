import { t } from '../i18n/t';

interface Props {
  site: string | null;
  pageMode: boolean;
  alwaysOn: boolean;
  /** The site remembers its own style and intensity (it is always on). */
  ownLook: boolean;
  onPageMode: (on: boolean) => void;
  onAlwaysOn: (on: boolean) => void;
  onRestoreAll: () => void;
}

export function PageControls({ site, pageMode, alwaysOn, ownLook, onPageMode, onAlwaysOn, onRestoreAll }: Props) {
  const disabled = site === null;
  return (
    <fieldset class="page" disabled={disabled}>
      <legend>{site ? new URL(site).host : t('pageCannotRepaint')}</legend>
      <label class="row">
        <input type="checkbox" name="page-mode" checked={pageMode} onChange={(e) => onPageMode((e.target as HTMLInputElement).checked)} />
        <span>{t('pageModeLabel')}</span>
      </label>
      <label class="row">
        <input type="checkbox" name="always-on" checked={alwaysOn} onChange={(e) => onAlwaysOn((e.target as HTMLInputElement).checked)} />
        <span>
          {t('alwaysOnLabel')}
          {ownLook ? <small class="own-look"> · {t('siteLookHint')}</small> : null}
        </span>
      </label>
      <button type="button" class="restore" onClick={onRestoreAll}>
        {t('restoreAll')}
      </button>
    </fieldset>
  );
}
