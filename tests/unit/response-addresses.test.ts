/**
 * The response-address check (#22): a response of ours that came from a
 * private address is refused whatever its name; one from the cache (no
 * address) was checked when it was fetched; none seen in time fails closed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressOfResponse, forgetResponses, isPrivateIp, recordResponse } from '../../src/background/response-addresses';

afterEach(() => {
  forgetResponses();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('response addresses', () => {
  it('knows private, loopback and link-local addresses of both families', () => {
    for (const ip of ['127.0.0.1', '10.0.0.8', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd12::3', '::ffff:127.0.0.1'])
      expect(isPrivateIp(ip), ip).toBe(true);
    for (const ip of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(isPrivateIp(ip), ip).toBe(false);
  });

  it('refuses a public-looking name served from a private address, and passes a public one', async () => {
    const since = Date.now();
    recordResponse('http://cam.example/a.jpg', '192.168.1.20', false);
    recordResponse('https://cdn.example/b.jpg', '93.184.216.34', false);
    expect(await addressOfResponse('http://cam.example/a.jpg', since)).toEqual({ verdict: 'private', ip: '192.168.1.20' });
    expect(await addressOfResponse('https://cdn.example/b.jpg', since)).toEqual({ verdict: 'public' });
  });

  it('waits for the event that arrives after the question', async () => {
    const since = Date.now();
    const answer = addressOfResponse('http://rebind.example/x.png', since);
    recordResponse('http://rebind.example/x.png', '127.0.0.1', false);
    expect(await answer).toEqual({ verdict: 'private', ip: '127.0.0.1' });
  });

  it('passes a cached response, and fails closed when Chrome gives no address or no event', async () => {
    const since = Date.now();
    recordResponse('https://cdn.example/c.jpg', undefined, true);
    expect(await addressOfResponse('https://cdn.example/c.jpg', since)).toEqual({ verdict: 'cached' });
    recordResponse('https://cdn.example/d.jpg', undefined, false);
    expect(await addressOfResponse('https://cdn.example/d.jpg', since)).toEqual({ verdict: 'unseen' });
    vi.useFakeTimers();
    const never = addressOfResponse('https://cdn.example/e.jpg', Date.now(), false, 3000);
    await vi.advanceTimersByTimeAsync(3001);
    expect(await never).toEqual({ verdict: 'unseen' });
  });

  it('passes a response the browser let through CORS to an extension without access to its site, the one kind a page could read itself (#30)', async () => {
    const granted = new Set<string>(['https://mine.example/*']);
    vi.stubGlobal('chrome', {
      permissions: { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)) },
    });
    const since = Date.now();
    // No access to cdn.example: the browser applied CORS, and the server allowed any origin.
    expect(await addressOfResponse('https://cdn.example/g.jpg', since, true)).toEqual({ verdict: 'cors' });
    // A response that was not a CORS one is vouched for by its address as before, and fails closed without one.
    vi.useFakeTimers();
    const plain = addressOfResponse('https://cdn.example/h.jpg', since, false, 3000);
    await vi.advanceTimersByTimeAsync(3001);
    expect(await plain).toEqual({ verdict: 'unseen' });
    // With access to the site the browser skips CORS: "cors" proves nothing there, the address decides.
    const mine = addressOfResponse('https://mine.example/i.jpg', since, true, 3000);
    await vi.advanceTimersByTimeAsync(0);
    recordResponse('https://mine.example/i.jpg', '192.168.0.7', false);
    expect(await mine).toEqual({ verdict: 'private', ip: '192.168.0.7' });
  });

  it('an answer about an older response to the same URL is not reused', async () => {
    recordResponse('https://cdn.example/f.jpg', '93.184.216.34', false);
    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + 10_000);
    const fresh = addressOfResponse('https://cdn.example/f.jpg', Date.now(), false, 3000);
    recordResponse('https://cdn.example/f.jpg', '10.0.0.9', false);
    expect(await fresh).toEqual({ verdict: 'private', ip: '10.0.0.9' });
  });
});
