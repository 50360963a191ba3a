import { useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { errorMessage } from '../messaging/errors';
import { sendToRuntime } from '../messaging/send';
import { addUserStyle, markPreviewed, removeUserStyle, renameUserStyle } from '../settings/user-styles';
import { readImport } from './import-style';
import { useUserStyles } from './useUserStyles';

/** Imports a picked model; on any refusal nothing is kept and one sentence says why. */
async function importFiles(files: File[]): Promise<string> {
  const candidate = await readImport(files);
  const { style } = candidate.manifest;
  const added = await addUserStyle(
    { title: style.title, artist: style.artist, year: style.year, licence: style.licence, bytes: candidate.bytes },
    { manifestText: candidate.manifestText, weightsFile: candidate.weightsFile, weights: candidate.weights },
  );
  const preview = await sendToRuntime({ type: 'previewStyle', styleId: added.id });
  if (!preview.ok) {
    await removeUserStyle(added.id);
    throw new Error(preview.error);
  }
  await markPreviewed(added.id);
  return added.title;
}

/** The settings page's "Your styles": add (validated, previewed by the model itself), rename, remove. */
export function UserStyles() {
  const { styles, previews } = useUserStyles();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const onPick = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ error: false, text: t('importDone', await importFiles(files)) });
    } catch (e) {
      setMessage({ error: true, text: t('importRefused', files.map((f) => f.name).join(', '), errorMessage(e)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="user-styles">
      <h2>{t('userStylesHeading')}</h2>
      <p class="hint">{t('userStylesHint')}</p>
      <label class="add-style">
        <input
          class="sr-only"
          type="file"
          name="add-style"
          accept=".brushwork,.json,.bin,application/json"
          multiple
          disabled={busy}
          onChange={(e) => void onPick(e.target as HTMLInputElement)}
        />
        <span>{t(busy ? 'importBusy' : 'addStyle')}</span>
      </label>
      {message ? (
        <p class={message.error ? 'status error' : 'status'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      <ul class="sites user-style-list">
        {styles.map((s) => (
          <li key={s.id} data-style={s.id}>
            {previews[s.id] ? <img src={previews[s.id]} alt="" width={64} height={48} /> : null}
            <input
              type="text"
              value={s.title}
              aria-label={t('renameStyle', s.title)}
              maxLength={80}
              onChange={(e) => void renameUserStyle(s.id, (e.target as HTMLInputElement).value)}
            />
            <span class="artist">
              {s.artist}, {s.year}
            </span>
            <button type="button" aria-label={t('removeStyle', s.title)} onClick={() => void removeUserStyle(s.id)}>
              {t('optionsRemove')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
