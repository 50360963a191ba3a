import { type MessageKey, t, uiLanguage } from '../i18n/t';

/** The page's title and language from chrome.i18n (screen readers pick their voice from <html lang>). */
export function localizeDocument(titleKey: MessageKey): void {
  document.title = t(titleKey);
  document.documentElement.lang = uiLanguage();
}
