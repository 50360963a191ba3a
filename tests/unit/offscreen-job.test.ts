/**
 * One hop (#21): a content script's job reaches the offscreen document
 * directly. Who asked (tab, requester) comes from the sender record, never
 * from the message, and anything but our content script is refused.
 */
import { describe, expect, it } from 'vitest';
import { offscreenPolicy } from '../../src/messaging/policy';
import { dispatch } from '../../src/messaging/router';
import { offscreenHandlers } from '../../src/runtime/browser/offscreen-handlers';
import type { ServiceJob, StylizeService } from '../../src/runtime/stylize-service';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const content = {
  id: ID,
  url: 'https://ads.example/frame.html',
  origin: 'https://ads.example',
  tab: { id: 12, url: 'https://news.example/story' },
  frameId: 3,
};
const job = { type: 'offscreen.job', jobId: 'j1', url: 'https://news.example/a.png', styleId: 'udnie', width: 8, height: 6, priority: 0 };

function route() {
  const seen: ServiceJob[] = [];
  const service = {
    stylize: async (j: ServiceJob) => {
      seen.push(j);
      return { stylized: { width: 8, height: 6, data: new Uint8ClampedArray(192) }, ms: 1, cached: false };
    },
  } as unknown as StylizeService<unknown>;
  const handlers = offscreenHandlers(service, async (_id, image) => image);
  const send = (message: object, sender: object) =>
    dispatch({ receiver: 'offscreen', handlers, extensionId: ID, senderPolicy: offscreenPolicy(ID) }, 'offscreen.job', message, sender);
  return { seen, send };
}

describe('offscreen.job', () => {
  it('takes the tab and the requester from the sender record', async () => {
    const { seen, send } = route();
    expect(await send(job, content)).toMatchObject({ ok: true, cached: false });
    expect(seen[0]).toMatchObject({ tabId: 12, requester: 'https://news.example > https://ads.example', url: job.url });
  });

  it('ignores a tab or requester named in the message: the validator keeps only the job fields', async () => {
    const { seen, send } = route();
    const forged = { ...job, tabId: 1, requester: 'https://bank.example > https://bank.example' };
    expect(await send(forged, content)).toMatchObject({ ok: true });
    expect(seen[0]).toMatchObject({ tabId: 12, requester: 'https://news.example > https://ads.example' });
  });

  it('refuses every sender but our content script in a tab', async () => {
    const { seen, send } = route();
    const refused = [
      { id: ID, url: `chrome-extension://${ID}/background.js` },
      { id: ID, url: `chrome-extension://${ID}/popup.html` },
      { ...content, id: 'someoneelsesextensionidxxxxxxxxx' },
      { ...content, tab: undefined },
    ];
    for (const sender of refused) expect(await send(job, sender)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(seen).toHaveLength(0);
  });
});
