import { t } from '../i18n/t';

interface Props {
  granted: boolean;
  onRequest: () => void;
  onRelease: () => void;
}

/**
 * Host access is optional. Without it, Brushwork reads the images a page may
 * read itself (same site, or served with CORS). Pictures served by other
 * servers without CORS need the user's permission to read them.
 */
export function HostAccess({ granted, onRequest, onRelease }: Props) {
  return (
    <div class="hint">
      <p>{t(granted ? 'hostGranted' : 'hostAsk')}</p>
      <button type="button" class="link" onClick={granted ? onRelease : onRequest}>
        {t(granted ? 'hostRelease' : 'hostRequest')}
      </button>
    </div>
  );
}
