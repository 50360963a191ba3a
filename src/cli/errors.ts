/** A mistake in how the command was called: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit codes every command keeps (docs/cli.md's table is made from this one; tests/unit/cli-exit.test.ts checks each). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  [EXIT.ok]: 'done: every input written (or skipped by --skip-existing)',
  [EXIT.failure]:
    'a file, folder or model could not be read or written; a batch goes on with its other inputs and ends with 1 if any failed',
  [EXIT.usage]: 'wrong usage (unknown option, bad value, missing argument, an output that would be overwritten): nothing was done',
  [EXIT.interrupted]: 'interrupted by Ctrl-C or SIGTERM; train leaves a checkpoint to --resume from, or a model',
};

export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]?.trim() || 'unknown error';
}
