/**
 * The address policy (src/runtime/address-policy.ts) as declarativeNetRequest
 * block rules on the extension's own requests (#22). fetch() follows a
 * redirect before the runtime sees where it landed, so checking the final URL
 * refused the bytes but not the request: a page could make Brushwork send a
 * GET to a router or an intranet host. Chrome applies these rules to every
 * hop of a redirect chain (measured in Chromium 156: the request to the
 * redirect target never reaches the server), so the hop itself never leaves.
 *
 * Scope: `tabIds: [-1]` and the extension as initiator, i.e. only what the
 * offscreen document, its engine workers and the service worker fetch; the
 * user's pages load their own intranet pictures as before. The rules are
 * stricter than the policy in one place: every IPv6 literal host is blocked
 * (Chrome writes IPv4-mapped literals in hex, which a URL pattern cannot range
 * over; a picture on a public IPv6 literal is rare enough to give up).
 * Needs the `declarativeNetRequest` permission: `…WithHostAccess` cannot act on
 * a redirect target the user never granted, which is exactly the case here.
 */
import { PRIVATE_SUFFIXES, PRIVATE_V4 } from '../runtime/address-policy';

export const RULE_ID_BASE = 1000;

/** A regular expression (RE2 syntax, as DNR takes) for the integers lo..hi, 0 ≤ lo ≤ hi ≤ 255. */
export function octetRange(lo: number, hi: number): string {
  const parts: string[] = [];
  let v = lo;
  while (v <= hi) {
    // Take the longest run v..end that one pattern covers: a whole decade, or part of one.
    const decade = Math.floor(v / 10);
    if (v % 10 === 0 && v + 9 <= hi && v >= 10) {
      let d = decade;
      while ((d + 1) * 10 + 9 <= hi && Math.floor((d + 1) / 10) === Math.floor(decade / 10)) d++;
      const head = String(Math.floor(decade / 10) || '');
      const tens = decade % 10 === d % 10 ? `${decade % 10}` : `[${decade % 10}-${d % 10}]`;
      parts.push(`${head}${tens}\\d`);
      v = d * 10 + 10;
      continue;
    }
    const end = Math.min(hi, decade * 10 + 9);
    const prefix = decade ? String(decade) : '';
    parts.push(v === end ? `${prefix}${v % 10}` : `${prefix}[${v % 10}-${end % 10}]`);
    v = end + 1;
  }
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join('|')})`;
}

/** The dotted-decimal prefix of an IPv4 CIDR as a pattern: whole octets, then the partial one. */
export function cidrPattern(base: string, bits: number): string {
  const octets = base.split('.').map(Number);
  const whole = Math.floor(bits / 8);
  const out = octets.slice(0, whole).map(String);
  const rest = bits % 8;
  if (rest) {
    const start = octets[whole] as number;
    out.push(octetRange(start, start + 2 ** (8 - rest) - 1));
  }
  const anyOctet = '\\d{1,3}';
  while (out.length < 4) out.push(anyOctet);
  return out.join('\\.');
}

const SCHEME = '^https?://';
/** After the host: a port or the path (Chrome's URLs always have a path, and drop default ports). */
const AFTER_HOST = '(:\\d+)?/';

export function privateNetworkPatterns(): string[] {
  const suffixes = PRIVATE_SUFFIXES.map((s) => s.replace(/\./g, '\\.')).join('|');
  return [
    ...PRIVATE_V4.map(([base, bits]) => `${SCHEME}${cidrPattern(base, bits)}${AFTER_HOST}`),
    `${SCHEME}\\[`, // every IPv6 literal (see above)
    `${SCHEME}[^/.:\\[]+\\.?${AFTER_HOST}`, // single-label names: intranet, localhost
    `${SCHEME}[^/:]*\\.(${suffixes})\\.?${AFTER_HOST}`,
    `${SCHEME}[^/]*:\\d+/`, // any explicit port: a public image server uses 80 or 443
  ];
}

export function privateNetworkRules(extensionId: string): chrome.declarativeNetRequest.Rule[] {
  return privateNetworkPatterns().map((regexFilter, i) => ({
    id: RULE_ID_BASE + i,
    priority: 1,
    action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType },
    condition: {
      regexFilter,
      tabIds: [-1],
      initiatorDomains: [extensionId],
      resourceTypes: ['xmlhttprequest', 'other'] as chrome.declarativeNetRequest.ResourceType[],
    },
  }));
}

let installing: Promise<void> | null = null;

/**
 * Session rules, installed once per service-worker life (they end with the
 * browser session, and a new worker installs them again; replacing is
 * idempotent). ensureOffscreen awaits this before the document that fetches
 * exists, so no fetch can run ahead of the rules.
 */
export function ensurePrivateNetworkRules(): Promise<void> {
  installing ??= (async () => {
    // The initiator's host: the extension id in Chrome, the profile's extension UUID in Firefox.
    const rules = privateNetworkRules(new URL(chrome.runtime.getURL('/')).host);
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: rules.map((r) => r.id), addRules: rules });
  })().catch((e: unknown) => {
    installing = null;
    throw e;
  });
  return installing;
}
