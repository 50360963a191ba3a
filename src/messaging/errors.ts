/**
 * Errors that cross contexts carry a `kind` from the protocol's closed union,
 * next to a sentence for people. Code decides by `kind` only, so rewording a
 * message can never change what the extension does.
 */
import type { ErrorKind, Failure, LocalReason, Refusal } from './protocol';

export class BrushworkError extends Error {
  override name = 'BrushworkError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** What the page shows in the person's language, where the message is one a person reads (protocol.ts). */
    readonly reason?: LocalReason,
  ) {
    super(message);
  }
}

/** A refusal thrown as it was decided: its kind, its English sentence and its words for the page. */
export function refusalError(r: Refusal): BrushworkError {
  return new BrushworkError(r.kind, r.message, r.reason);
}

export function errorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg || 'unknown error';
}

/** The kind of any thrown value: ours say it; an AbortSignal's reason is a cancellation; anything else is `fallback`. */
export function kindOf(e: unknown, fallback: ErrorKind): ErrorKind {
  if (e instanceof BrushworkError) return e.kind;
  if ((e as { name?: unknown } | null)?.name === 'AbortError') return 'cancelled';
  return fallback;
}

export function failure(kind: ErrorKind, message: string): Failure {
  return { ok: false, kind, error: message };
}

export function failureFrom(e: unknown, fallback: ErrorKind): Failure {
  const reason = e instanceof BrushworkError ? e.reason : undefined;
  return { ...failure(kindOf(e, fallback), errorMessage(e)), ...(reason ? { reason } : {}) };
}

/** Rethrows a failed response inside one context, keeping its kind and its words for the page. */
export function throwFailure(f: Failure): never {
  throw new BrushworkError(f.kind, f.error, f.reason);
}
