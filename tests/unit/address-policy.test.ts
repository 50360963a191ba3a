import { describe, expect, it } from 'vitest';
import { isPrivateIPv4, isPrivateIPv6, privateAddressRefusal } from '../../src/runtime/address-policy';

const refused = (url: string) => privateAddressRefusal(new URL(url))?.message ?? null;

describe('addresses the extension will not read on a page’s behalf', () => {
  it.each([
    'http://127.0.0.1/a.png',
    'http://127.9.8.7/a.png',
    'http://10.1.2.3/a.png',
    'http://172.16.0.1/a.png',
    'http://172.31.255.255/a.png',
    'http://192.168.1.1/a.png',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/a.png',
    'http://0.0.0.0/a.png',
    'http://224.0.0.1/a.png',
    'http://0x7f.1/a.png', // the URL parser normalizes this to 127.0.0.1
    'http://2130706433/a.png', // 127.0.0.1 as one number
    'http://[::1]/a.png',
    'http://[::]/a.png',
    'http://[fc00::1]/a.png',
    'http://[fd12:3456::1]/a.png',
    'http://[fe80::1]/a.png',
    'http://[::ffff:192.168.0.1]/a.png',
    'http://[::ffff:7f00:1]/a.png',
    'http://localhost/a.png',
    'http://images.localhost/a.png',
    'http://intranet/a.png',
    'http://printer.local/a.png',
    'http://wiki.internal/a.png',
    'http://nas.lan/a.png',
    'http://router.home.arpa/a.png',
    'http://Router.Home.Arpa./a.png',
    'https://example.com:8443/a.png',
    'http://example.com:8080/a.png',
  ])('refuses %s', (url) => {
    expect(refused(url)).toMatch(/Brushwork does not read pictures from (local network|non-standard ports)/);
  });

  it.each([
    'https://example.com/a.png',
    'http://example.com:80/a.png', // the default port is no port
    'https://example.com:443/a.png',
    'https://cdn.images.example.org/a.png',
    'http://8.8.8.8/a.png',
    'http://172.32.0.1/a.png',
    'http://192.169.0.1/a.png',
    'http://[2001:db8::1]/a.png',
    'http://[::ffff:8.8.8.8]/a.png',
    'http://local.example.com/a.png', // "local" as a label, not the suffix
  ])('allows %s', (url) => {
    expect(refused(url)).toBeNull();
  });

  it('range edges', () => {
    expect(isPrivateIPv4('172.15.255.255')).toBe(false);
    expect(isPrivateIPv4('172.16.0.0')).toBe(true);
    expect(isPrivateIPv4('100.127.255.255')).toBe(true);
    expect(isPrivateIPv4('100.128.0.0')).toBe(false);
    expect(isPrivateIPv4('not.an.ip.addr')).toBe(false);
    expect(isPrivateIPv6('fbff::1')).toBe(false);
    expect(isPrivateIPv6('fec0::1')).toBe(false);
    expect(isPrivateIPv6('febf::1')).toBe(true);
  });
});
