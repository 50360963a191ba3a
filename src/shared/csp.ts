/**
 * Whether a page's Content Security Policy lets a CSS background load a
 * `data:` image, read from the policy's text (CSP Level 3, §2.2 and §6.7):
 * Brushwork decides from what it knows and never tries, because a blocked
 * attempt is logged in the page's console and reported to the site's
 * report-uri / report-to endpoint (#30), and a Report-Only policy reports
 * without blocking, so it counts the same.
 *
 * - A header may hold several policies separated by commas; a document may
 *   have several headers and <meta> policies: every one must allow it.
 * - `img-src` governs images; without it, `default-src` does; without
 *   either, anything loads.
 * - Only an explicit `data:` scheme source allows data: images: `*` matches
 *   network schemes only (§6.7.2.3), and 'none' nothing.
 */

export type DataImagePolicy = 'allowed' | 'blocked' | 'unknown';

function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    // §2.2.1: only the first occurrence of a directive counts.
    if (!out.has(key))
      out.set(
        key,
        sources.map((s) => s.toLowerCase()),
      );
  }
  return out;
}

/** One serialized policy (no commas): does it let images load from data: URLs? */
function policyAllowsDataImages(policy: string): boolean {
  const d = directives(policy);
  const sources = d.get('img-src') ?? d.get('default-src');
  if (!sources) return true;
  return sources.includes('data:');
}

/** Every policy in these header or <meta> values (each may list several, comma-separated) allows data: images. */
export function allowsDataImages(values: readonly string[]): boolean {
  return values.every((value) => value.split(',').every((policy) => policyAllowsDataImages(policy)));
}

/** Both must be known to allow: anything unknown or blocked keeps Brushwork off data: backgrounds. */
export function combinePolicies(a: DataImagePolicy, b: DataImagePolicy): DataImagePolicy {
  if (a === 'blocked' || b === 'blocked') return 'blocked';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'allowed';
}
