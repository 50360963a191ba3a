/**
 * The page reads what it is allowed to read: its own origin's pictures (and
 * its own blob: URLs), and a cross-origin picture only when the page already
 * proved that its server grants CORS. Anything else is left to the
 * extension's fetcher, which needs host access to the image's site and keeps
 * the private-network rules (src/runtime/browser/fetch-image.ts).
 *
 * Ask before fetching (#30): a CORS request the server refuses is not a quiet
 * failure. Chromium logs "Access to fetch … blocked by CORS policy" and
 * net::ERR_FAILED in the page's console even when a content script made the
 * request, and nothing can tell beforehand whether a server sends
 * Access-Control-Allow-Origin, except an <img crossorigin> that loaded: the
 * browser admitted it only because the server did. Every other cross-origin
 * picture (no crossorigin attribute, CSS backgrounds) goes to the extension's
 * fetcher, whose failures are logged in the extension's own console.
 */
import { readCapped } from '../../shared/read-capped';

const MAX_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

type PageRead = { mode: 'same-origin' | 'cors'; credentials: RequestCredentials };

/** An <img crossorigin> whose current picture is `url` and loaded: its server granted this page CORS. */
function provenCors(url: string, el: Element | undefined): RequestCredentials | null {
  if (!(el instanceof HTMLImageElement) || el.crossOrigin === null) return null;
  if (!el.complete || el.naturalWidth === 0 || el.currentSrc !== url) return null;
  return el.crossOrigin === 'use-credentials' ? 'include' : 'omit';
}

/** How the page may read `url` without a request that fails loudly, or null when it must not try. */
export function pageReadOf(url: string, el?: Element): PageRead | null {
  if (/^data:/i.test(url)) return null; // the runtime decodes data: URLs itself
  let u: URL;
  try {
    u = new URL(url, location.href);
  } catch {
    return null;
  }
  if (u.protocol === 'blob:') return { mode: 'same-origin', credentials: 'same-origin' };
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.origin === location.origin) return { mode: 'same-origin', credentials: 'same-origin' };
  const credentials = provenCors(u.href, el);
  return credentials ? { mode: 'cors', credentials } : null;
}

export async function readBytesInPage(url: string, el?: Element, maxBytes = MAX_BYTES): Promise<Uint8Array | undefined> {
  const how = pageReadOf(url, el);
  if (!how) return undefined;
  try {
    const response = await fetch(url, { ...how, cache: 'force-cache', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) return undefined;
    // Streamed against the cap: a body without a length is never buffered whole (#22).
    return await readCapped(response, maxBytes);
  } catch {
    return undefined; // network error, too large: the extension's fetcher decides next
  }
}
