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
      <legend>{site ? new URL(site).host : 'This page cannot be repainted'}</legend>
      <label class="row">
        <input type="checkbox" name="page-mode" checked={pageMode} onChange={(e) => onPageMode((e.target as HTMLInputElement).checked)} />
        <span>Repaint every image on this page</span>
      </label>
      <label class="row">
        <input type="checkbox" name="always-on" checked={alwaysOn} onChange={(e) => onAlwaysOn((e.target as HTMLInputElement).checked)} />
        <span>Always on for this site</span>
      </label>
      <button type="button" class="restore" onClick={onRestoreAll}>
        Restore all on this page
      </button>
    </fieldset>
  );
}
