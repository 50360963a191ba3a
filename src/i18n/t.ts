/**
 * Every string a person reads comes from public/_locales/<lang>/messages.json
 * through chrome.i18n, which picks the browser's language and falls back to
 * English (the manifest's default_locale). The key type is read from the
 * English file, so a misspelt key does not compile; the JSON is imported as a
 * type only and never bundled.
 */
import type english from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** The translated message for `key`, with `$1`… placeholders filled from `subs`. */
export function t(key: MessageKey, ...subs: Array<string | number>): string {
  const text = chrome.i18n.getMessage(key, subs.map(String));
  // getMessage answers "" for an unknown key; a visible key beats a blank control.
  return text || key;
}

/** The UI language chrome.i18n chose (e.g. "de"), for <html lang>. */
export function uiLanguage(): string {
  return chrome.i18n.getUILanguage?.() || 'en';
}
