/**
 * How CSS backgrounds are shown on this document, decided from what is known
 * of its CSP without ever trying (#30). A CSS data: background is loaded by
 * the page's own fetcher under the page's policy even when a content script
 * writes it (Chromium and Firefox alike), so under `img-src 'self'` every try
 * was a console error and a report to the site's endpoint; the 1-px probe
 * that learned the policy was one too.
 *
 * - <meta http-equiv="Content-Security-Policy"> policies are read here, from
 *   the DOM (they apply from the moment they are parsed; one added later
 *   applies too, so they are read at each decision).
 * - Header policies (enforced and report-only) are known to the background
 *   where it had host access when the document loaded (document-csp.ts).
 *
 * Style mode only when every policy is known to allow data: images; the
 * canvas layer otherwise, whose pixels no img-src governs.
 */
import { sendToRuntime } from '../messaging/send';
import { allowsDataImages, combinePolicies, type DataImagePolicy } from '../shared/csp';

export function metaDataImagePolicy(doc: Document = document): DataImagePolicy {
  const values = [...doc.querySelectorAll('meta[http-equiv]')]
    .filter((m) => m.getAttribute('http-equiv')?.trim().toLowerCase() === 'content-security-policy')
    .map((m) => m.getAttribute('content') ?? '');
  return allowsDataImages(values) ? 'allowed' : 'blocked';
}

/** The URL the document was navigated to (what the background saw the headers of), not one pushState wrote since. */
function documentUrl(): string {
  const nav = performance.getEntriesByType?.('navigation')[0];
  return nav?.name || document.URL;
}

async function askHeaderPolicy(): Promise<DataImagePolicy> {
  const res = await sendToRuntime({ type: 'dataImagePolicy', documentUrl: documentUrl() });
  return res.ok ? res.policy : 'unknown';
}

/** The header policy is asked once per document; <meta> policies are read at each decision. */
export class CssImagePolicy {
  private header: Promise<DataImagePolicy> | null = null;

  async current(): Promise<DataImagePolicy> {
    this.header ??= askHeaderPolicy();
    return combinePolicies(metaDataImagePolicy(), await this.header);
  }
}
