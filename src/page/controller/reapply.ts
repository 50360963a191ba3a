/**
 * Dark Reader's rule for fighting frameworks: when a page keeps replacing a
 * picture Brushwork repainted, repaint at most 10 times in 10 s per element,
 * then leave the element to the page, so the two never fight in a loop.
 */
export const REAPPLY_LIMIT = 10;
export const REAPPLY_WINDOW_MS = 10_000;

/** The page changes still inside the window, with this one added; `gaveUp` once past the limit. */
export function recordPageChange(changes: readonly number[], now: number): { changes: number[]; gaveUp: boolean } {
  const recent = [...changes.filter((at) => now - at < REAPPLY_WINDOW_MS), now];
  return { changes: recent, gaveUp: recent.length > REAPPLY_LIMIT };
}

/** A skipped element the page kept replacing stays skipped until the window has passed. */
export function gaveUpOn(changes: readonly number[]): boolean {
  return changes.length > REAPPLY_LIMIT;
}
