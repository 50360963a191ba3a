import { type MessageKey, t } from '../i18n/t';
import { useUserStyles } from './useUserStyles';

/** Heading and paragraphs, in reading order; docs/privacy.md says the same in English. */
const SECTIONS: ReadonlyArray<[MessageKey | null, MessageKey[]]> = [
  [null, ['privacyNothingSent']],
  ['privacyReadHeading', ['privacyRead', 'privacyCrossOrigin', 'privacyVideos']],
  ['privacyStoredHeading', ['privacyStored', 'privacyStyles']],
  ['privacyPermissionsHeading', ['privacyPermissions']],
  ['privacyClearHeading', ['privacyClear']],
];

/** The privacy page packaged with the extension (linked from the popup, the settings page and the store listing). */
export function Privacy() {
  const { styles } = useUserStyles();
  const kb = Math.ceil(styles.reduce((sum, s) => sum + (s.bytes || 0), 0) / 1024);
  return (
    <main class="options privacy">
      <h1>{t('privacyTitle')}</h1>
      {SECTIONS.map(([heading, paragraphs]) => (
        <section key={heading ?? 'intro'}>
          {heading ? <h2>{t(heading)}</h2> : null}
          {paragraphs.map((p) => (
            <p key={p}>{t(p)}</p>
          ))}
        </section>
      ))}
      <p class="stored-styles" data-count={styles.length}>
        {t('privacyStylesCount', styles.length, kb)}
      </p>
    </main>
  );
}
