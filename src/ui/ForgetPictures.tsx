import { useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { sendToRuntime } from '../messaging/send';

/** Empties every result cache (memory and the persistent store) at once. */
export function ForgetPictures() {
  const [done, setDone] = useState(false);
  const forget = async () => {
    setDone((await sendToRuntime({ type: 'clearCaches' })).ok);
  };
  return (
    <p class="row">
      <button type="button" name="forget-pictures" onClick={() => void forget()}>
        {t('forgetPictures')}
      </button>
      {done ? (
        <span class="status" role="status">
          {t('forgotPictures')}
        </span>
      ) : null}
    </p>
  );
}
