/**
 * Refusals that carry their words for the page (protocol.ts, LocalReason): the runtime has no chrome.i18n,
 * so it names the locale key and its placeholders beside the English sentence it logs and the CLI prints.
 * tests/unit/reasons.test.ts holds each English sentence to the English locale's wording.
 */
import type { ErrorKind, ReasonKey, Refusal } from './protocol';

export function reasoned(kind: ErrorKind, key: ReasonKey, english: string, ...subs: Array<string | number>): Refusal {
  return { kind, message: english, reason: { key, subs: subs.map(String) } };
}
