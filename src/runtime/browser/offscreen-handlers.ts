/** The offscreen document's one handler table. */
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
> {
  return {
    // A withdrawn job rejects with JobCancelledError (kind `cancelled`); the router sends the kind along.
    'offscreen.stylize': async (req) => {
      const { type: _type, ...job } = req;
      return service.stylize(job);
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
