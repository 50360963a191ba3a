/**
 * The user's settings: types, defaults, validation and migrations, free of any
 * browser API so they can be unit-tested and shared by every context.
 */
import { DEFAULT_STYLE_ID, SHIPPED_STYLES } from '../shared/catalog';

export interface Settings {
  /** Style applied by "Stylize image" and page mode. */
  styleId: string;
  /** 0 = the original picture, 1 = fully stylized. */
  intensity: number;
  /** Images are stylized at their displayed size, but never above this many pixels on the long side. */
  maxSide: number;
  /** Sites (origins such as "https://example.com") where page mode is always on. */
  pageModeSites: string[];
  /** Hide images in page mode until their stylized version is ready (avoids the flash of the original). */
  hideOriginals: boolean;
}

export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  styleId: DEFAULT_STYLE_ID,
  intensity: 1,
  maxSide: 1024,
  pageModeSites: [],
  hideOriginals: false,
});

export const MAX_SIDE_CHOICES = [256, 512, 768, 1024, 1536, 2048] as const;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Normalizes an origin ("https://Example.com/path" → "https://example.com"); null if it is not http(s). */
export function siteOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Repairs whatever storage holds (older builds, hand edits, sync conflicts)
 * into valid settings: unknown keys dropped, bad values back to defaults.
 */
export function sanitizeSettings(value: unknown): Settings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const knownStyle = typeof v.styleId === 'string' && SHIPPED_STYLES.some((s) => s.id === v.styleId);
  const sites = Array.isArray(v.pageModeSites) ? v.pageModeSites : [];
  return {
    styleId: knownStyle ? (v.styleId as string) : DEFAULT_SETTINGS.styleId,
    intensity: typeof v.intensity === 'number' && Number.isFinite(v.intensity) ? clamp(v.intensity, 0, 1) : DEFAULT_SETTINGS.intensity,
    maxSide:
      typeof v.maxSide === 'number' && Number.isFinite(v.maxSide) ? Math.round(clamp(v.maxSide, 64, 4096)) : DEFAULT_SETTINGS.maxSide,
    pageModeSites: [...new Set(sites.map((s) => (typeof s === 'string' ? siteOf(s) : null)).filter((s): s is string => s !== null))].sort(),
    hideOriginals: typeof v.hideOriginals === 'boolean' ? v.hideOriginals : DEFAULT_SETTINGS.hideOriginals,
  };
}

/**
 * Version history (each entry upgrades from the version before it):
 * 1 → 2: intensity was a percentage (0–100) and page mode a single global
 *        switch; now intensity is 0–1 and page mode is remembered per site.
 */
export const SETTINGS_MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  2: (old) => {
    const { strength, pageMode: _globalPageMode, ...rest } = old ?? {};
    return { ...rest, intensity: typeof strength === 'number' ? strength / 100 : rest.intensity, pageModeSites: [] };
  },
};

/** Applies migrations from `fromVersion` up to SETTINGS_VERSION, then sanitizes. */
export function migrateSettings(value: unknown, fromVersion: number): Settings {
  let v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  for (let version = fromVersion + 1; version <= SETTINGS_VERSION; version++) {
    const step = SETTINGS_MIGRATIONS[version];
    if (step) v = step(v);
  }
  return sanitizeSettings(v);
}
