/** The offscreen document's one handler table. */
import { requesterOf } from '../../messaging/requester';
import type { HandlerTable } from '../../messaging/router';
import type { RgbaImage } from '../../shared/image';
import type { StylizeService } from '../stylize-service';
import { renderPreview } from './preview';

export function offscreenHandlers(
  service: StylizeService<unknown>,
  run: (styleId: string, image: RgbaImage) => Promise<RgbaImage>,
): HandlerTable<
  | 'offscreen.stylize'
  | 'offscreen.cancel'
  | 'offscreen.cancelTab'
  | 'offscreen.status'
  | 'offscreen.warm'
  | 'offscreen.preview'
  | 'offscreen.clearCaches'
  | 'offscreen.job'
> {
  return {
    // A withdrawn job rejects with JobCancelledError (kind `cancelled`); the router sends the kind along.
    'offscreen.stylize': async (req) => {
      const { type: _type, ...job } = req;
      return service.stylize(job);
    },
    // From a content script (the policy checked it is ours, in a tab): who asked comes from the sender record, never from the page.
    'offscreen.job': async (req, sender) => {
      const { type: _type, ...job } = req;
      return service.stylize({ ...job, tabId: sender.tab?.id as number, requester: requesterOf(sender) });
    },
    'offscreen.cancel': ({ jobIds }) => ({ cancelled: service.queue.cancelIds(jobIds) }),
    'offscreen.cancelTab': ({ tabId }) => ({ cancelled: service.queue.cancelTab(tabId) }),
    'offscreen.status': () => service.status(),
    'offscreen.warm': async ({ styleId }) => {
      await service.warm(styleId);
      return { styleId };
    },
    'offscreen.clearCaches': () => {
      service.clearCaches();
      return {};
    },
    'offscreen.preview': async ({ styleId }) => {
      await renderPreview(styleId, (image) => run(styleId, image));
      return {};
    },
  };
}
