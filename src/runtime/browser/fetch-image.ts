/**
 * Fetches image bytes for the runtime, defensively: only http(s), never with
 * the user's cookies, with a timeout, a byte cap and a content-type check,
 * so a message naming a URL can never turn the extension into a fetcher of
 * anything else; and never from an address on the user's own machine or
 * network, before or after redirects (address-policy.ts).
 */
import { BrushworkError, refusalError } from '../../messaging/errors';
import { OverCapError, readCapped } from '../../shared/read-capped';
import { privateAddressRefusal } from '../address-policy';

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_FETCH_BYTES = 32 * 1024 * 1024;

export function decodeDataUrl(url: string): Uint8Array {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url);
  if (!m) throw new BrushworkError('unreadable', 'this data: URL is malformed');
  if (!/^image\//i.test(m[1] ?? '')) throw new BrushworkError('not-an-image', `this data: URL holds ${m[1] || 'text'}, not an image`);
  const body = m[3] ?? '';
  if (m[2]) {
    const bin = atob(body);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new TextEncoder().encode(decodeURIComponent(body));
}

async function readCappedOrRefuse(response: Response, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readCapped(response, maxBytes);
  } catch (e) {
    if (e instanceof OverCapError) throw new BrushworkError('too-large', e.message);
    throw e;
  }
}

function refusePrivate(url: URL): void {
  const refusal = privateAddressRefusal(url);
  if (refusal) throw refusalError(refusal);
}

/**
 * Asked after the headers arrive and before any byte of the body is read: throws when the response must
 * not be read (it came from a private address whatever its name; see src/background/response-addresses.ts).
 * `cors`: the browser applied CORS to this response (its type is "cors") and let it through.
 */
export type VouchForResponse = (finalUrl: string, since: number, cors: boolean) => Promise<void>;

export async function fetchImageBytes(
  url: string,
  signal?: AbortSignal,
  timeoutMs = FETCH_TIMEOUT_MS,
  maxBytes = MAX_FETCH_BYTES,
  vouch?: VouchForResponse,
): Promise<Uint8Array> {
  if (/^data:/i.test(url)) return decodeDataUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BrushworkError('unreadable', 'the image address is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new BrushworkError('no-permission', `images from ${parsed.protocol} addresses cannot be read by the extension`);
  refusePrivate(parsed);
  const since = Date.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(parsed.href, {
      credentials: 'omit',
      redirect: 'follow',
      signal: combined,
      cache: 'force-cache',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    if (timeout.aborted) throw new BrushworkError('timeout', `the server did not answer within ${timeoutMs / 1000} s`);
    if (signal?.aborted) throw signal.reason ?? e;
    // A redirect into the user's own network ends here too: the private-network rules block that hop.
    throw new BrushworkError(
      'unreadable',
      'this image could not be read (network error, redirect loop, a redirect into your own network, or no permission for this site)',
    );
  }
  // A redirect may land on a private address: the final URL is checked before any byte is read.
  if (response.url) refusePrivate(new URL(response.url));
  if (vouch) {
    try {
      await vouch(response.url || parsed.href, since, response.type === 'cors');
    } catch (e) {
      await response.body?.cancel().catch(() => undefined);
      throw e;
    }
  }
  if (!response.ok)
    throw new BrushworkError('unreadable', `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type && !type.startsWith('image/') && type !== 'application/octet-stream' && type !== 'binary/octet-stream')
    throw new BrushworkError('not-an-image', `the server sent ${type}, not an image`);
  return readCappedOrRefuse(response, maxBytes);
}
