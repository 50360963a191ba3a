/**
 * The paintings Brushwork ships styles of (all public domain): the one list
 * of styles. Pure data, so the popup can list styles without loading any model
 * or tensor code; public/models/index.json and each model.json's `style` are
 * generated from it (`npm run previews`, `brushwork train`) and a test checks
 * that they agree.
 */

/** What a model says about the painting it was trained on. */
export interface StyleInfo {
  id: string;
  title: string;
  artist: string;
  year: number;
  licence: string;
}

export const PUBLIC_DOMAIN = 'public domain';

export const SHIPPED_STYLES: readonly StyleInfo[] = [
  { id: 'starry-night', title: 'The Starry Night', artist: 'Vincent van Gogh', year: 1889, licence: PUBLIC_DOMAIN },
  { id: 'great-wave', title: 'The Great Wave off Kanagawa', artist: 'Katsushika Hokusai', year: 1831, licence: PUBLIC_DOMAIN },
  { id: 'the-scream', title: 'The Scream', artist: 'Edvard Munch', year: 1893, licence: PUBLIC_DOMAIN },
  { id: 'composition-vii', title: 'Composition VII', artist: 'Wassily Kandinsky', year: 1913, licence: PUBLIC_DOMAIN },
  { id: 'udnie', title: 'Udnie (Young American Girl, The Dance)', artist: 'Francis Picabia', year: 1913, licence: PUBLIC_DOMAIN },
  { id: 'poppy-field', title: 'Poppy Field', artist: 'Claude Monet', year: 1873, licence: PUBLIC_DOMAIN },
];

export const DEFAULT_STYLE_ID = 'starry-night';

/** Styles a person imported (settings page → "Add a style…") have ids with this prefix, so they never shadow a shipped one. */
export const USER_STYLE_PREFIX = 'mine-';
const USER_STYLE_ID = /^mine-[a-z0-9][a-z0-9-]{0,47}$/;

export function isUserStyleId(id: string): boolean {
  return USER_STYLE_ID.test(id);
}

/** A shipped style, or the id shape of an imported one (whether it still exists is the style store's to say). */
export function isKnownStyleId(id: string): boolean {
  return SHIPPED_STYLES.some((s) => s.id === id) || isUserStyleId(id);
}

export function styleInfoFor(id: string): StyleInfo {
  return (
    SHIPPED_STYLES.find((s) => s.id === id) ?? {
      id,
      title: id.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
      artist: 'unknown',
      year: 0,
      licence: 'unknown',
    }
  );
}
