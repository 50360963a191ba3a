import { t } from '../i18n/t';
import type { TabStatus } from '../messaging/protocol';

function runnerLine(runtime: TabStatus['runtime']): string {
  if (!runtime) return t('runnerIdle');
  const engine = runtime.kernel ? `${runtime.backend} + SIMD kernel` : runtime.backend;
  const backend = runtime.threads > 1 ? `${engine} ×${runtime.threads}` : engine;
  const state = t(runtime.loadedStyles.length ? 'runnerReady' : 'runnerStarting', backend);
  const lastRun = runtime.recentRunMs.at(-1);
  return lastRun === undefined ? state : `${state} · ${t('runnerLastImage', Math.round(lastRun))}`;
}

export function StatusLine({ status, error }: { status: TabStatus | null; error: string | null }) {
  if (error)
    return (
      <p class="status error" role="alert">
        {error}
      </p>
    );
  if (!status) return <p class="status">…</p>;
  const { counts } = status;
  return (
    <p class="status" aria-live="polite">
      <span data-count="done">{t('countDone', counts.done)}</span> · <span data-count="pending">{t('countPending', counts.pending)}</span> ·{' '}
      <span data-count="error">{t('countFailed', counts.error)}</span>
      {counts.skipped ? <> · {t('countSkipped', counts.skipped)}</> : null}
      {counts.videos ? (
        <>
          {' '}
          · <span data-count="videos">{t('countVideos', counts.videos)}</span>
        </>
      ) : null}
      <br />
      <small>{runnerLine(status.runtime)}</small>
    </p>
  );
}
