/**
 * The page reads what it is allowed to read: same-origin and CORS-enabled
 * images (and its own blob: URLs) can be fetched here without any host
 * permission. Anything else is left to the extension's fetcher, which needs
 * host access to the image's site.
 */
import { readCapped } from '../../shared/read-capped';

const MAX_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

export async function readBytesInPage(url: string, maxBytes = MAX_BYTES): Promise<Uint8Array | undefined> {
  if (/^data:/i.test(url)) return undefined; // the runtime decodes data: URLs itself
  let sameOrigin = false;
  try {
    const u = new URL(url, location.href);
    if (u.protocol === 'blob:') sameOrigin = true;
    else if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    else sameOrigin = u.origin === location.origin;
  } catch {
    return undefined;
  }
  try {
    const response = await fetch(url, {
      mode: sameOrigin ? 'same-origin' : 'cors',
      credentials: sameOrigin ? 'same-origin' : 'omit',
      cache: 'force-cache',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    // Streamed against the cap: a body without a length is never buffered whole (#22).
    return await readCapped(response, maxBytes);
  } catch {
    return undefined; // CORS refused, network error, too large: the extension's fetcher decides next
  }
}
