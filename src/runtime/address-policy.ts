/**
 * Which image addresses the extension refuses to read on a page's behalf.
 *
 * With all-sites access, the offscreen document can fetch what the page
 * itself could not (no CORS), and the stylized pixels end up in the page,
 * where its scripts can read them. For public images that reveals nothing the
 * page could not fetch from its own server. For addresses only the user's
 * machine or network can reach (a router's admin page, an intranet wiki,
 * localhost) it would let any web page read them through Brushwork. So the
 * extension never reads such an address itself (the page still can, where
 * that host sends CORS headers or is the page's own origin):
 *
 * - IPv4 literals in loopback, private, link-local, shared (CGNAT), benchmark,
 *   "this network", multicast and reserved ranges;
 * - IPv6 literals: loopback, unspecified, unique-local (fc00::/7), link-local
 *   (fe80::/10), multicast, and IPv4-mapped/-compatible forms of the above;
 * - single-label names (`intranet`, `localhost`) and names under `localhost`,
 *   `local`, `internal`, `lan`, `home.arpa`, `localdomain`, `home`, `corp`;
 * - any non-default port (a public image server uses 80 or 443);
 * - and the address a redirect lands on: the hop itself is blocked by the
 *   declarativeNetRequest rules of private-network-rules.ts (the same lists as
 *   URL patterns), and fetch-image checks the final URL as well.
 *
 * A public name that resolves to a private address (DNS rebinding) cannot be
 * seen from an extension, which has no DNS API; Chrome's Private Network Access
 * checks are the layer below for that. Dark Reader's `shouldIgnoreCors` was the
 * reference studied: it exempts local hosts from its own cross-origin fetching.
 */
import type { Refusal } from '../messaging/protocol';
import { reasoned } from '../messaging/reasons';

export const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'lan', 'home.arpa', 'localdomain', 'home', 'corp'];

/** [first address, prefix length] of IPv4 ranges no public server uses. */
export const PRIVATE_V4: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function isPrivateIPv4(ip: string): boolean {
  const n = v4Number(ip);
  if (n === null) return false;
  return PRIVATE_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4Number(base) as number;
    return n >= start && n < start + size;
  });
}

/** Eight 16-bit groups of an IPv6 literal (already normalized by the URL parser), or null. */
function v6Groups(ip: string): number[] | null {
  let text = ip;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = v4Number(v4Tail[1] as string);
    if (n === null) return null;
    text = `${text.slice(0, -(v4Tail[1] as string).length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) =>
    s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN));
  const head = parse(halves[0] as string);
  const tail = halves.length === 2 ? parse(halves[1] as string) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return groups.length === 8 && groups.every(Number.isFinite) ? groups : null;
}

export function isPrivateIPv6(ip: string): boolean {
  const g = v6Groups(ip);
  if (!g) return false;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g6 = 0, h = 0] = g;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0 || f === 0xffff)) {
    if (f === 0 && g6 === 0 && (h === 0 || h === 1)) return true; // :: and ::1
    return isPrivateIPv4(`${g6 >> 8}.${g6 & 255}.${h >> 8}.${h & 255}`); // ::a.b.c.d and ::ffff:a.b.c.d
  }
  if ((a & 0xfe00) === 0xfc00) return true; // unique-local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** Why the extension must not read `url` itself, or null when it may. */
export function privateAddressRefusal(url: URL): Refusal | null {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const shown = url.host;
  const localAddress = () =>
    reasoned(
      'skipped',
      'reasonLocalAddress',
      `Brushwork does not read pictures from local network addresses (${shown}) on a page's behalf`,
      shown,
    );
  if (url.port !== '')
    return reasoned(
      'skipped',
      'reasonNonStandardPort',
      `Brushwork does not read pictures from non-standard ports (${shown}) on a page's behalf`,
      shown,
    );
  if (host.startsWith('[')) return isPrivateIPv6(host.slice(1, -1)) ? localAddress() : null;
  if (v4Number(host) !== null) return isPrivateIPv4(host) ? localAddress() : null;
  if (!host.includes('.') || PRIVATE_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`)))
    return reasoned(
      'skipped',
      'reasonLocalName',
      `Brushwork does not read pictures from local network names (${shown}) on a page's behalf`,
      shown,
    );
  return null;
}
