/**
 * Where the extension's own responses came from (#22). The address policy
 * reads a URL's host text, so a public-looking name whose DNS answer is a
 * private address (a rebinding name, or any name pointed at a router or an
 * intranet camera) passes it, and the picture's pixels would end up in the
 * page. An extension has no DNS API, but Chrome reports the server address of
 * each response to webRequest observers (`details.ip`; no blocking needed):
 * the offscreen document asks here before it reads a body, and a response
 * that came from a private, loopback or link-local address is refused,
 * whatever its name.
 *
 * Test builds (only) name hosts to treat as public even though this machine
 * serves them on loopback (BRUSHWORK_TEST_PUBLIC_HOSTS at build time, see
 * wxt.config.ts); the shipped build's list is empty.
 */
import type { AddressVerdict } from '../messaging/protocol';
import { isPrivateIPv4, isPrivateIPv6 } from '../runtime/address-policy';

declare const __BRUSHWORK_TEST_PUBLIC_HOSTS__: readonly string[];

const TEST_PUBLIC_HOSTS: readonly string[] = typeof __BRUSHWORK_TEST_PUBLIC_HOSTS__ === 'undefined' ? [] : __BRUSHWORK_TEST_PUBLIC_HOSTS__;

/** What was seen of a URL's latest response: its server address, null when it came from the cache, '' when Chrome gave none. */
interface Seen {
  ip: string | null;
  at: number;
}

/** Bounded: the most recent responses only (a page can make us fetch many). */
const MAX_SEEN = 512;
const seen = new Map<string, Seen>();
const waiters = new Map<string, (() => void)[]>();

export function isPrivateIp(ip: string): boolean {
  return ip.includes(':') ? isPrivateIPv6(ip.replace(/^\[|\]$/g, '')) : isPrivateIPv4(ip);
}

/** Records one response (or redirect) of the extension's own; exported for tests. */
export function recordResponse(url: string, ip: string | undefined, fromCache: boolean): void {
  // From the HTTP cache there is no address: the entry was filled by an earlier fetch of ours, checked then.
  seen.delete(url);
  seen.set(url, { ip: fromCache ? null : (ip ?? ''), at: Date.now() });
  if (seen.size > MAX_SEEN) seen.delete(seen.keys().next().value as string);
  for (const w of waiters.get(url) ?? []) w();
  waiters.delete(url);
}

function verdictOf(url: string, s: Seen): AddressVerdict {
  if (s.ip === null) return { verdict: 'cached' };
  if (s.ip === '') return { verdict: 'unseen' }; // Chrome gave no address for a network response: cannot vouch for it
  const host = new URL(url).hostname;
  if (isPrivateIp(s.ip) && !TEST_PUBLIC_HOSTS.includes(host)) return { verdict: 'private', ip: s.ip };
  return { verdict: 'public' };
}

/**
 * Without access to a site, Brushwork's own request to it is a cross-origin read like any page's: the
 * browser applies CORS (and webRequest shows nothing of it, so no address can be vouched for). A
 * response that came back as type "cors" then passed that check: its server lets any origin read it
 * without credentials, so the page could read these pixels itself, wherever the server is. This is how
 * a picture with CORS headers but no `crossorigin` attribute is read now that the page no longer tries
 * CORS reads that may be refused (#30: each refusal was an error in the page's console).
 */
async function corsEnforcedOn(url: string): Promise<boolean> {
  try {
    return !(await chrome.permissions.contains({ origins: [`${new URL(url).origin}/*`] }));
  } catch {
    return false;
  }
}

/**
 * The verdict on the response the offscreen document just received for `url`,
 * waiting up to `timeoutMs` for Chrome's event (it is dispatched to the service
 * worker at the same time as the response goes to the document). `cors`: the
 * response's type was "cors" (see corsEnforcedOn).
 */
export async function addressOfResponse(url: string, since: number, cors = false, timeoutMs = 3000): Promise<AddressVerdict> {
  const now = seen.get(url);
  if (now && now.at >= since) return verdictOf(url, now);
  if (cors) {
    if (await corsEnforcedOn(url)) return { verdict: 'cors' };
    const meanwhile = seen.get(url);
    if (meanwhile && meanwhile.at >= since) return verdictOf(url, meanwhile);
  }
  return waitForResponse(url, timeoutMs);
}

function waitForResponse(url: string, timeoutMs: number): Promise<AddressVerdict> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      const s = seen.get(url);
      resolve(s ? verdictOf(url, s) : { verdict: 'unseen' });
    };
    const timer = setTimeout(() => {
      waiters.set(
        url,
        (waiters.get(url) ?? []).filter((w) => w !== done),
      );
      resolve({ verdict: 'unseen' });
    }, timeoutMs);
    waiters.set(url, [...(waiters.get(url) ?? []), done]);
  });
}

/** Chrome names the requesting origin `initiator`; Firefox gives the requesting document's `originUrl`. */
type Details = { url: string; ip?: string; fromCache: boolean; initiator?: string; originUrl?: string; tabId: number };

const originOf = (d: Details): string | undefined => {
  if (d.initiator) return d.initiator;
  try {
    return d.originUrl ? new URL(d.originUrl).origin : undefined;
  } catch {
    return undefined;
  }
};

export function watchResponseAddresses(): void {
  const own = new URL(chrome.runtime.getURL('/')).origin;
  const filter = { urls: ['<all_urls>'], tabId: -1, types: ['xmlhttprequest', 'other'] as chrome.webRequest.ResourceType[] };
  const record = (d: Details) => {
    if (originOf(d) === own) recordResponse(d.url, d.ip, d.fromCache);
  };
  chrome.webRequest.onResponseStarted.addListener(record, filter);
}

/** Forgets everything (tests). */
export function forgetResponses(): void {
  seen.clear();
  waiters.clear();
}
