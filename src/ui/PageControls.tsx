import { t } from '../i18n/t';

interface Props {
  site: string | null;
  pageMode: boolean;
  alwaysOn: boolean;
  onPageMode: (on: boolean) => void;
  onAlwaysOn: (on: boolean) => void;
  onRestoreAll: () => void;
}

export function PageControls({ site, pageMode, alwaysOn, onPageMode, onAlwaysOn, onRestoreAll }: Props) {
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
        <span>{t('alwaysOnLabel')}</span>
      </label>
      <button type="button" class="restore" onClick={onRestoreAll}>
        {t('restoreAll')}
      </button>
    </fieldset>
  );
}
