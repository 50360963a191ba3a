/**
 * The user's settings: types, defaults, validation and migrations, free of any
 * browser API so they can be unit-tested and shared by every context.
 */
import { DEFAULT_STYLE_ID, isKnownStyleId } from '../shared/catalog';

/** What a picture looks like: which style, how strong. */
export interface Look {
  styleId: string;
  intensity: number;
}

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
  /** Keep the photo's colours: only the stylized luminance is applied (Gatys et al. 2016, "Preserving color"). */
  keepColours: boolean;
  /** The style and intensity chosen on an always-on site, which win there over the global ones. */
  siteLooks: Record<string, Look>;
  /** Videos are painted at their displayed size, but never above this many pixels on the long side (#27; upscaled for display). */
  videoMaxSide: number;
  /** Painted frames per second per video at most (#27): a cap on the CPU live video may take. */
  videoMaxFps: number;
}

/** At most this many remembered sites (a hand-edited storage cannot grow the settings without bound). */
export const MAX_SITES = 1000;

export const SETTINGS_VERSION = 4;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  styleId: DEFAULT_STYLE_ID,
  intensity: 1,
  maxSide: 1024,
  pageModeSites: [],
  hideOriginals: false,
  keepColours: false,
  siteLooks: {},
  videoMaxSide: 640,
  videoMaxFps: 30,
});

export const MAX_SIDE_CHOICES = [256, 512, 768, 1024, 1536, 2048] as const;
export const VIDEO_MAX_SIDE_CHOICES = [256, 320, 480, 640, 854, 1280] as const;
export const VIDEO_MAX_FPS_CHOICES = [5, 10, 15, 24, 30, 60] as const;

/**
 * The host-access match pattern for a site (an origin from siteOf): its scheme and host, any port. Firefox's
 * match patterns have no port (one that names a port is accepted by permissions.request, then matches
 * nothing, so "always on" never started on http://localhost:8080); Chrome's cover every port without one.
 */
export function sitePattern(site: string): string {
  const u = new URL(site);
  return `${u.protocol}//${u.hostname}/*`;
}

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

/** A whole number clamped to [lo, hi], or undefined when `x` is not a finite number. */
const finiteIn = (x: unknown, lo: number, hi: number) =>
  typeof x === 'number' && Number.isFinite(x) ? Math.round(clamp(x, lo, hi)) : undefined;

const validStyle = (x: unknown): x is string => typeof x === 'string' && isKnownStyleId(x);
const validIntensity = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function sanitizeSiteLooks(value: unknown, sites: readonly string[]): Record<string, Look> {
  const looks = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const out: Record<string, Look> = {};
  for (const site of sites) {
    const look = looks[site] as Partial<Look> | undefined;
    if (look && validStyle(look.styleId) && validIntensity(look.intensity))
      out[site] = { styleId: look.styleId, intensity: clamp(look.intensity, 0, 1) };
  }
  return out;
}

/**
 * Repairs whatever storage holds (older builds, hand edits, sync conflicts)
 * into valid settings: unknown keys dropped, bad values back to defaults.
 */
export function sanitizeSettings(value: unknown): Settings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const sites = Array.isArray(v.pageModeSites) ? v.pageModeSites : [];
  const pageModeSites = [...new Set(sites.map((s) => (typeof s === 'string' ? siteOf(s) : null)).filter((s): s is string => s !== null))]
    .sort()
    .slice(0, MAX_SITES);
  return {
    styleId: validStyle(v.styleId) ? v.styleId : DEFAULT_SETTINGS.styleId,
    intensity: validIntensity(v.intensity) ? clamp(v.intensity, 0, 1) : DEFAULT_SETTINGS.intensity,
    maxSide:
      typeof v.maxSide === 'number' && Number.isFinite(v.maxSide) ? Math.round(clamp(v.maxSide, 64, 4096)) : DEFAULT_SETTINGS.maxSide,
    pageModeSites,
    hideOriginals: typeof v.hideOriginals === 'boolean' ? v.hideOriginals : DEFAULT_SETTINGS.hideOriginals,
    keepColours: typeof v.keepColours === 'boolean' ? v.keepColours : DEFAULT_SETTINGS.keepColours,
    siteLooks: sanitizeSiteLooks(v.siteLooks, pageModeSites),
    videoMaxSide: finiteIn(v.videoMaxSide, 64, 1920) ?? DEFAULT_SETTINGS.videoMaxSide,
    videoMaxFps: finiteIn(v.videoMaxFps, 1, 60) ?? DEFAULT_SETTINGS.videoMaxFps,
  };
}

/** The style and intensity that apply on `site`: its own if it is always on with one, else the global ones. */
export function lookFor(settings: Settings, site: string | null): Look {
  const own = site ? settings.siteLooks[site] : undefined;
  return own ?? { styleId: settings.styleId, intensity: settings.intensity };
}

/**
 * Version history (each entry upgrades from the version before it):
 * 1 → 2: intensity was a percentage (0–100) and page mode a single global
 *        switch; now intensity is 0–1 and page mode is remembered per site.
 * 2 → 3: every always-on site remembers its own style and intensity; the
 *        sites already on keep the look they had (the global one).
 * 3 → 4: videos are painted in page mode (#27), with a size cap and a
 *        frame-rate cap; older settings get the defaults.
 */
export const SETTINGS_MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  2: (old) => {
    const { strength, pageMode: _globalPageMode, ...rest } = old ?? {};
    return { ...rest, intensity: typeof strength === 'number' ? strength / 100 : rest.intensity, pageModeSites: [] };
  },
  3: (old) => {
    const sites = Array.isArray(old?.pageModeSites) ? (old.pageModeSites as unknown[]) : [];
    const look = { styleId: old?.styleId, intensity: old?.intensity };
    return { ...old, siteLooks: Object.fromEntries(sites.filter((s) => typeof s === 'string').map((s) => [s, look])) };
  },
  4: (old) => ({ ...old, videoMaxSide: DEFAULT_SETTINGS.videoMaxSide, videoMaxFps: DEFAULT_SETTINGS.videoMaxFps }),
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
