/**
 * The offscreen job queue is bounded (#22): a page that hands over picture
 * after picture while the engines are busy gets the ones past the queue's
 * 500-job cap refused (they stay as they were), the rest repainted, and the
 * queue never holds more. (Its byte budget, 256 MiB, is the same code path
 * with a different measure: tests/unit/job-queue.test.ts. Filling it here
 * would mean pushing 256 MiB through extension messaging within the 15 s the
 * held fetches last, which this machine does at ~16 MiB/s.)
 *
 * The engines are kept busy deterministically: pictures on another site whose
 * server answers the page's own CORS read at once (without CORS, so the page
 * cannot read it) and holds Brushwork's fetch (told apart by the Referer,
 * which Brushwork never sends) until the test releases it. A fetch gives up
 * after 15 s, so HOLDS of them are queued first: the next two take the engines
 * as the first two time out, for as long as the page's pictures take to arrive.
 */
import type http from 'node:http';
import { expect, test } from '@playwright/test';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import { bytes, type Fixture, html, NAMED_HOSTS, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;
const hanging: http.ServerResponse[] = [];
let released = false;
const HOLDS = 24;
/** The queue's cap (JobQueue's maxWaiting) and a few more: small pictures, so they arrive faster than the held fetches time out. */
const CAP = 500;
const PICTURES = CAP + 30;
const SIDE = 48;

/** Distinct bytes per picture: results and jobs are keyed by the bytes' SHA-256, so equal files would share one job. */
async function noisePngs(n: number): Promise<Buffer[]> {
  const sharp = (await import('sharp')).default;
  const raw = Buffer.alloc(SIDE * SIDE * 3);
  let s = 12345;
  for (let i = 0; i < raw.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    raw[i] = s >>> 24;
  }
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    raw.writeUInt32BE(i, 0);
    out.push(
      await sharp(raw, { raw: { width: SIDE, height: SIDE, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    );
  }
  return out;
}

let perPicture = 0;

test.beforeAll(async () => {
  const noise = await noisePngs(PICTURES);
  perPicture = noise[0]?.length ?? 0;
  const hold = (n: number) => `<img class="hold" src="http://${NAMED_HOSTS.other.name}/hold.png?${n}" width="64" height="64">`;
  const many = Array.from({ length: PICTURES }, (_, i) => `<img class="q" id="q${i}" src="/noise.png?${i}" width="64" height="64">`).join(
    '',
  );
  fx = await startFixture(
    {
      '/queue.html': html(`${Array.from({ length: HOLDS }, (_, n) => hold(n)).join('')}<div>${many}</div>`),
      '/noise.png': (req, res, origins) => bytes(noise[Number((req.url ?? '').split('?')[1])] as Buffer, 'image/png')(req, res, origins),
    },
    {
      '/hold.png': (req, res, origins) => {
        if (req.headers.referer) return bytes(noise[0] as Buffer, 'image/png')(req, res, origins); // the page: no CORS header, unreadable
        if (released) {
          res.writeHead(404);
          res.end();
          return;
        }
        hanging.push(res); // Brushwork's fetch: held until the test releases it
      },
    },
    { named: true },
  );
  h = await launch([], extensionWithAllSites());
});

test.afterAll(async () => {
  for (const r of hanging) r.destroy();
  await h?.close();
  await fx?.close();
});

test('pictures past the queue’s cap are refused and left as they were; the queue never holds more', async () => {
  test.setTimeout(150_000);
  const { page, tabId } = await h.openTab(`${fx.site}/queue.html`);
  expect(perPicture).toBeGreaterThan(0);
  for (let n = 0; n < HOLDS; n++) await h.send({ type: 'stylizeImage', tabId, srcUrl: `http://${NAMED_HOSTS.other.name}/hold.png?${n}` });
  await expect.poll(() => hanging.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2); // both engines now wait on a fetch
  let peak = 0;
  const sample = async () => {
    const s = await h.send<{ runtime: { queued: number; running: number } | null }>({ type: 'getStatus', tabId });
    peak = Math.max(peak, s.runtime?.queued ?? 0);
    return s.runtime;
  };
  // Near the cap, the queue is sampled after every picture: a held fetch that times out between two
  // pictures frees a slot that the next picture fills, so the cap shows right after a picture, not
  // necessarily at the end (on a loaded machine the sending outlasts a 15 s hold).
  for (let i = 0; i < PICTURES; i++) {
    await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/noise.png?${i}` });
    if (i % 25 === 24 || i >= CAP - HOLDS - 10) await sample();
  }
  // Every picture has been answered by the queue: taken (pending) or refused (left alone, unmarked).
  const marks = () => page.$$eval('img.q', (imgs) => imgs.map((i) => i.getAttribute('data-brushwork')));
  await expect
    .poll(
      async () => {
        await sample();
        return peak;
      },
      { timeout: 30_000, intervals: [50] },
    )
    .toBe(CAP);
  expect(hanging.length).toBeLessThan(HOLDS); // the engines were still held: the cap, not the drain, did the refusing
  await expect.poll(async () => (await marks()).filter((m) => m === null).length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(CAP);
  const refused = (await marks()).filter((m) => m === null).length;
  expect(refused).toBeLessThan(PICTURES);
  // The held fetches are released, the engines free up, and every picture the queue took is repainted.
  released = true;
  for (const r of hanging) r.destroy();
  await expect.poll(async () => (await marks()).filter((m) => m === 'done').length, { timeout: 90_000 }).toBe(PICTURES - refused);
  await page.close();
});
