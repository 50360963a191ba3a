import type { TabStatus } from '../messaging/protocol';

export function StatusLine({ status, error }: { status: TabStatus | null; error: string | null }) {
  if (error)
    return (
      <p class="status error" role="alert">
        {error}
      </p>
    );
  if (!status) return <p class="status">…</p>;
  const { counts, runtime } = status;
  const lastRun = runtime?.recentRunMs.at(-1);
  const runnerLine = runtime
    ? `model ${runtime.loadedStyles.length ? 'loaded' : 'loading'} (${runtime.backend}${runtime.threads ? `, ${runtime.threads} thread${runtime.threads === 1 ? '' : 's'}` : ''})` +
      (lastRun === undefined ? '' : ` · last image ${Math.round(lastRun)} ms`)
    : 'model idle';
  return (
    <p class="status" aria-live="polite">
      <span data-count="done">{counts.done} done</span> · <span data-count="pending">{counts.pending} pending</span> ·{' '}
      <span data-count="error">{counts.error} failed</span>
      {counts.skipped ? <> · {counts.skipped} skipped</> : null}
      <br />
      <small>{runnerLine}</small>
    </p>
  );
}
