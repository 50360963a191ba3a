/**
 * The address policy as declarativeNetRequest rules (#22): every URL the
 * policy refuses is matched by some rule, public ones by none, and the rules
 * only ever touch the extension's own requests.
 */
import { describe, expect, it } from 'vitest';
import { cidrPattern, octetRange, privateNetworkPatterns, privateNetworkRules } from '../../src/background/private-network-rules';
import { privateAddressRefusal } from '../../src/runtime/address-policy';

/** RE2 and JavaScript agree on everything these patterns use (classes, groups, alternation, \d, {m,n}). */
const matchesAnyRule = (url: string) => privateNetworkPatterns().some((p) => new RegExp(p).test(new URL(url).href));

describe('octet ranges', () => {
  it.each([
    [64, 127],
    [16, 31],
    [224, 239],
    [240, 255],
    [0, 255],
    [18, 19],
    [5, 5],
  ])('%i..%i matches exactly those octets', (lo, hi) => {
    const re = new RegExp(`^${octetRange(lo, hi)}$`);
    for (let v = 0; v <= 255; v++) expect(re.test(String(v)), String(v)).toBe(v >= lo && v <= hi);
  });

  it('a CIDR becomes its fixed octets then the partial one', () => {
    expect(new RegExp(`^${cidrPattern('172.16.0.0', 12)}$`).test('172.31.9.9')).toBe(true);
    expect(new RegExp(`^${cidrPattern('172.16.0.0', 12)}$`).test('172.32.0.1')).toBe(false);
  });
});

describe('the rules cover the policy', () => {
  const refused = [
    'http://127.0.0.1/x.png',
    'http://10.1.2.3/x.png',
    'http://100.64.0.1/x.png',
    'http://100.127.255.1/x.png',
    'http://169.254.169.254/latest/meta-data',
    'http://172.16.0.1/x.png',
    'http://172.31.255.255/x.png',
    'http://192.168.1.1/admin',
    'http://192.0.0.8/x',
    'http://198.18.0.1/x',
    'http://0.0.0.0/x',
    'http://224.0.0.1/x',
    'http://255.255.255.255/x',
    'http://2130706433/x.png', // 127.0.0.1 written as one number: the URL parser makes it dotted
    'http://0x7f.1/x.png',
    'http://[::1]/x.png',
    'http://[::ffff:127.0.0.1]/x.png',
    'http://[fd00::1]/x.png',
    'http://[fe80::1]/x.png',
    'http://localhost/x.png',
    'http://intranet/x.png',
    'http://router.local/x.png',
    'http://wiki.corp./x.png',
    'http://printer.home.arpa/x.png',
    'http://cam.lan/x.png',
    'https://a.example:8443/x.png',
    'http://a.example:80/x.png?non-default-only', // :80 is dropped by the parser: allowed, as by the policy
  ];
  it.each(refused)('%s', (url) => {
    const policy = privateAddressRefusal(new URL(url)) !== null;
    expect(matchesAnyRule(url)).toBe(policy);
  });

  it.each([
    'https://images.example.com/a.png',
    'http://93.184.216.34/a.png',
    'http://172.32.0.1/a.png',
    'http://100.128.0.1/a.png',
    'https://cdn.local-news.com/a.png',
    'https://a.example/path:with:colons.png',
    'https://example.com./a.png',
  ])('leaves %s alone', (url) => {
    expect(privateAddressRefusal(new URL(url))).toBeNull();
    expect(matchesAnyRule(url)).toBe(false);
  });

  it('touches only requests the extension itself makes outside any tab', () => {
    const rules = privateNetworkRules('abcdefghijklmnopabcdefghijklmnop');
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.action.type).toBe('block');
      expect(r.condition).toMatchObject({ tabIds: [-1], initiatorDomains: ['abcdefghijklmnopabcdefghijklmnop'] });
      expect(r.condition.regexFilter?.length).toBeLessThan(400);
    }
  });
});
