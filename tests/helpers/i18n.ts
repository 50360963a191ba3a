/**
 * chrome.i18n for Node tests: reads public/_locales/<lang>/messages.json and
 * fills placeholders the way Chrome does ($NAME$ → the placeholder's content,
 * whose $1…$9 are the substitutions).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LocaleEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type LocaleFile = Record<string, LocaleEntry>;

export const LOCALES_DIR = path.resolve(import.meta.dirname, '../../public/_locales');

export const localeNames = (): string[] => readdirSync(LOCALES_DIR).sort();

export function readLocale(lang: string): LocaleFile {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, lang, 'messages.json'), 'utf8')) as LocaleFile;
}

const fillNumbered = (text: string, subs: readonly string[]) => text.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '');

export function formatMessage(entry: LocaleEntry | undefined, subs: readonly string[] = []): string {
  if (!entry) return '';
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fillNumbered(placeholder.content, subs) : whole;
  });
  return fillNumbered(named, subs).replace(/\$\$/g, '$');
}

export function i18nFor(lang: string) {
  const file = readLocale(lang);
  return {
    getMessage: (key: string, subs?: string | string[]) => formatMessage(file[key], typeof subs === 'string' ? [subs] : (subs ?? [])),
    getUILanguage: () => lang,
  };
}

/** Vitest setup: gives tests the English chrome.i18n unless a test stubs `chrome` itself. */
export function installI18n(lang = 'en'): void {
  const g = globalThis as unknown as { chrome?: Record<string, unknown> };
  g.chrome = { ...(g.chrome ?? {}), i18n: i18nFor(lang) };
}
