/**
 * Styles a person imported. Their list (id, title, artist, year, size) lives in
 * chrome.storage.local, so the popup, the context menu and the settings page
 * all see a change at once; the model files and the preview, which are bytes,
 * live in the extension's IndexedDB (`brushwork`/`styles`). Both are the
 * extension's own origin: no page can read them.
 */
import { storage } from '@wxt-dev/storage';
import { isUserStyleId, type StyleInfo, USER_STYLE_PREFIX } from '../shared/catalog';
import { DEFAULT_SETTINGS } from './schema';
import { type UserStyleFiles, withStore } from './user-style-files';

export { readUserStyleFiles, type UserStyleFiles } from './user-style-files';

import { updateSettings } from './store';

export interface UserStyle extends StyleInfo {
  /** model.json + weights.bin, for the privacy page's count. */
  bytes: number;
  addedAt: number;
  /** When its preview was stored (IndexedDB has no change events: this tells every page to read it). */
  previewAt?: number;
}

/** More would make the popup's grid a list to scroll through; each is ~13 KB plus its preview. */
export const MAX_USER_STYLES = 30;
const MAX_TITLE = 80;

const listItem = storage.defineItem<UserStyle[]>('local:userStyles', { fallback: [] });

function sanitizeList(value: unknown): UserStyle[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (s): s is UserStyle =>
        typeof s === 'object' && s !== null && typeof s.id === 'string' && isUserStyleId(s.id) && typeof s.title === 'string',
    )
    .slice(0, MAX_USER_STYLES);
}

export async function listUserStyles(): Promise<UserStyle[]> {
  return sanitizeList(await listItem.getValue());
}

export function watchUserStyles(callback: (styles: UserStyle[]) => void): () => void {
  return listItem.watch((v) => callback(sanitizeList(v)));
}

/** A fresh id from the title: readable, unique, never reused. */
export function newUserStyleId(title: string, taken: readonly string[]): string {
  const slug =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'style';
  // A random suffix: a removed style's id is never reused, so no cache anywhere can confuse two models.
  for (;;) {
    const id = `${USER_STYLE_PREFIX}${slug}-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.includes(id)) return id;
  }
}

/** Stores a validated model: files first, then the list entry, so nothing lists a style without files. */
export async function addUserStyle(info: Omit<UserStyle, 'id' | 'addedAt'>, files: Omit<UserStyleFiles, 'id'>): Promise<UserStyle> {
  const list = await listUserStyles();
  if (list.length >= MAX_USER_STYLES) throw new Error(`at most ${MAX_USER_STYLES} styles can be added; remove one first`);
  const id = newUserStyleId(
    info.title,
    list.map((s) => s.id),
  );
  await withStore('readwrite', (s) => s.put({ ...files, id }));
  const style: UserStyle = { ...info, title: info.title.slice(0, MAX_TITLE), id, addedAt: Date.now() };
  await listItem.setValue([...list, style]);
  return style;
}

/** Announces a newly stored preview to every open page (popup, settings, privacy). */
export async function markPreviewed(id: string): Promise<void> {
  await listItem.setValue((await listUserStyles()).map((s) => (s.id === id ? { ...s, previewAt: Date.now() } : s)));
}

export async function renameUserStyle(id: string, title: string): Promise<void> {
  const clean = title.trim().slice(0, MAX_TITLE);
  if (!clean) return;
  await listItem.setValue((await listUserStyles()).map((s) => (s.id === id ? { ...s, title: clean } : s)));
}

/** Removes a style everywhere: its list entry, its files, and any setting that chose it. */
export async function removeUserStyle(id: string): Promise<void> {
  await listItem.setValue((await listUserStyles()).filter((s) => s.id !== id));
  await withStore('readwrite', (s) => s.delete(id));
  await updateSettings((s) => ({
    styleId: s.styleId === id ? DEFAULT_SETTINGS.styleId : s.styleId,
    siteLooks: Object.fromEntries(Object.entries(s.siteLooks).filter(([, look]) => look.styleId !== id)),
  }));
}
