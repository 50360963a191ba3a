/**
 * The runtime's job queue is bounded in Debian's firefox-esr too (#29), as
 * queue-budget.e2e.ts proves it in Chromium: the background page runs the
 * same queue the offscreen document runs in Chrome, and a page that hands
 * over picture after picture while the engines are busy gets the ones past
 * the queue's 500-job cap refused (they stay as they were), the rest
 * repainted, and the queue never holds more. (Its byte budget, 256 MiB, is
 * the same code path with a different measure: tests/unit/job-queue.test.ts;
 * why it is not filled end to end: queue-budget.e2e.ts.) The engines are kept
 * busy by held fetches (fixtures/queue-pressure.ts) on public-looking names,
 * mapped to loopback inside this Firefox (mapHosts), which is why this test
 * drives Firefox over Marionette (fixtures/firefox-ui.ts) rather than BiDi.
 * The add-on holds access to all sites: its own fetcher reads the held
 * pictures, which have no CORS header.
 */
import { test } from '@playwright/test';
import { extensionWithAllSites } from './fixtures/firefox';
import {
  type FirefoxUi,
  inPage,
  launchFirefoxUi,
  type Messenger,
  mapHosts,
  openMessenger,
  selectedTabId,
  visit,
} from './fixtures/firefox-ui';
import type { Marionette } from './fixtures/marionette';
import {
  CAP,
  expectCappedThenDrained,
  HOLDS,
  holdTheEngines,
  PICTURES,
  QUEUE_PAGE,
  type QueuePressure,
  type QueueTab,
  startQueuePressure,
} from './fixtures/queue-pressure';
import { NAMED_HOSTS } from './fixtures/server';

let ui: FirefoxUi;
let m: Marionette;
let q: QueuePressure;

test.beforeAll(async () => {
  q = await startQueuePressure();
  ui = await launchFirefoxUi(extensionWithAllSites());
  m = ui.marionette;
  await mapHosts(m, Object.values(NAMED_HOSTS));
});

test.afterAll(async () => {
  await ui?.close();
  await q?.close();
});

test('Firefox: pictures past the queue’s cap are refused and left as they were; the queue never holds more', async () => {
  test.setTimeout(180_000);
  await m.setContext('content');
  const pageWindow = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  await visit(m, `${q.fx.site}${QUEUE_PAGE}`);
  const tabId = await selectedTabId(m);
  const popup: Messenger = await openMessenger(m, tabId);
  const tab: QueueTab = {
    marks: async () => {
      await m.command('WebDriver:SwitchToWindow', { handle: pageWindow });
      return inPage<(string | null)[]>(m, `return [...document.querySelectorAll('img.q')].map((i) => i.getAttribute('data-brushwork'));`);
    },
    queued: async () => (await popup.send<{ runtime: { queued: number } | null }>({ type: 'getStatus', tabId })).runtime?.queued ?? 0,
    stylize: (srcUrl) => popup.send({ type: 'stylizeImage', tabId, srcUrl }),
  };
  await holdTheEngines(q, tab);
  // The pictures are handed over from the popup's page itself, one message after another, as fast as the add-on
  // answers (a protocol round trip per picture would outlast the held fetches). Near the cap, the queue is sampled
  // after every picture: a held fetch that times out between two pictures frees a slot the next picture fills.
  const sent = await popup.run<{ peak: number }>(
    `const [tabId, site, pictures, sampleFrom, done] = arguments;
     let peak = 0;
     const sample = async () => {
       const s = await chrome.runtime.sendMessage({ type: 'getStatus', tabId });
       peak = Math.max(peak, s.runtime?.queued ?? 0);
     };
     (async () => {
       for (let i = 0; i < pictures; i++) {
         await chrome.runtime.sendMessage({ type: 'stylizeImage', tabId, srcUrl: site + '/noise.png?' + i });
         if (i % 25 === 24 || i >= sampleFrom) await sample();
       }
       done({ peak });
     })().catch((e) => done({ peak: -1, error: String(e) }));`,
    [tabId, q.fx.site, PICTURES, CAP - HOLDS - 10],
    120_000,
  );
  await expectCappedThenDrained(q, tab, sent.peak);
});
