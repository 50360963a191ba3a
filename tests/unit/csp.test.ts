/**
 * Reading a page's CSP for data: images (#30): Brushwork decides from the
 * policy's text whether a CSS data: background may load, because trying
 * logs a violation and reports it to the site. Every policy must allow it,
 * report-only ones too; img-src, else default-src, governs; only an explicit
 * data: source allows it (`*` does not); unknown never counts as allowed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentDataImagePolicy, MAX_FRAMES_PER_TAB, policyOfHeaders, recordDocumentPolicy } from '../../src/background/document-csp';
import { allowsDataImages, combinePolicies } from '../../src/shared/csp';

describe('allowsDataImages', () => {
  it('allows data: images without a policy, or where img-src (else default-src) lists data:', () => {
    expect(allowsDataImages([])).toBe(true);
    expect(allowsDataImages(["script-src 'self'"])).toBe(true);
    expect(allowsDataImages(["img-src 'self' data:"])).toBe(true);
    expect(allowsDataImages(["default-src 'self' DATA:"])).toBe(true);
    expect(allowsDataImages(["default-src 'none'; img-src data: https:"])).toBe(true);
  });

  it('blocks them under img-src or default-src without data:, and * is no data: source', () => {
    expect(allowsDataImages(["img-src 'self'"])).toBe(false);
    expect(allowsDataImages(["default-src 'self'; style-src 'unsafe-inline'"])).toBe(false);
    expect(allowsDataImages(['img-src *'])).toBe(false);
    expect(allowsDataImages(["img-src 'none'"])).toBe(false);
    // img-src, when present, wins over default-src; the first of a repeated directive counts.
    expect(allowsDataImages(["default-src data:; img-src 'self'"])).toBe(false);
    expect(allowsDataImages(["img-src 'self'; img-src data:"])).toBe(false);
  });

  it('needs every policy to allow them: several headers, and several policies in one header', () => {
    expect(allowsDataImages(["img-src 'self' data:", "img-src 'self'"])).toBe(false);
    expect(allowsDataImages(["img-src data:, default-src 'self'"])).toBe(false);
    expect(allowsDataImages(['img-src data:, script-src https:'])).toBe(true);
  });
});

describe('policyOfHeaders', () => {
  it('reads the enforced and the report-only headers alike, whatever their case', () => {
    expect(policyOfHeaders([{ name: 'Content-Type', value: 'text/html' }])).toBe('allowed');
    expect(policyOfHeaders([{ name: 'Content-Security-Policy', value: "img-src 'self'" }])).toBe('blocked');
    expect(policyOfHeaders([{ name: 'content-security-policy-report-only', value: "default-src 'self'" }])).toBe('blocked');
    expect(policyOfHeaders([{ name: 'content-security-policy', value: "img-src 'self' data:" }])).toBe('allowed');
  });
});

describe('combinePolicies', () => {
  it('is allowed only when both are known to allow', () => {
    expect(combinePolicies('allowed', 'allowed')).toBe('allowed');
    expect(combinePolicies('allowed', 'unknown')).toBe('unknown');
    expect(combinePolicies('unknown', 'blocked')).toBe('blocked');
    expect(combinePolicies('blocked', 'allowed')).toBe('blocked');
  });
});

describe('the documents’ header policies, as the background saw them', () => {
  let store: Record<string, unknown>;
  beforeEach(() => {
    store = {};
    vi.stubGlobal('chrome', {
      storage: {
        session: {
          get: async (k: string) => ({ [k]: structuredClone(store[k]) }),
          set: async (items: Record<string, unknown>) => Object.assign(store, structuredClone(items)),
          remove: async (k: string) => delete store[k],
        },
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('answers only for the document whose headers were seen in that tab and frame, whatever its fragment', async () => {
    await recordDocumentPolicy(4, 0, true, 'https://a.example/page', 'blocked');
    await recordDocumentPolicy(4, 7, false, 'https://ads.example/frame', 'allowed');
    expect(await documentDataImagePolicy(4, 0, 'https://a.example/page#top')).toBe('blocked');
    expect(await documentDataImagePolicy(4, 7, 'https://ads.example/frame')).toBe('allowed');
    expect(await documentDataImagePolicy(4, 0, 'https://a.example/other')).toBe('unknown');
    expect(await documentDataImagePolicy(4, 3, 'https://a.example/page')).toBe('unknown');
    expect(await documentDataImagePolicy(5, 0, 'https://a.example/page')).toBe('unknown');
  });

  it('keeps a bounded record per tab, and a new top-level document starts it afresh', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => recordDocumentPolicy(4, i + 1, false, `https://f.example/${i + 1}`, 'allowed')),
    );
    expect(Object.keys(store['csp:4'] as object)).toHaveLength(MAX_FRAMES_PER_TAB);
    expect(await documentDataImagePolicy(4, 100, 'https://f.example/100')).toBe('allowed'); // the newest are kept
    expect(await documentDataImagePolicy(4, 1, 'https://f.example/1')).toBe('unknown');
    await recordDocumentPolicy(4, 0, true, 'https://a.example/next', 'allowed');
    expect(Object.keys(store['csp:4'] as object)).toEqual(['0']);
  });
});
