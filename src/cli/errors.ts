/** A mistake in how the command was called: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]?.trim() || 'unknown error';
}
