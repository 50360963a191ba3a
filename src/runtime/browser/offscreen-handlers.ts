/** The offscreen document's one handler table. */
import type { HandlerTable } from '../../messaging/router';
import { JobCancelledError } from '../job-queue';
import type { StylizeService } from '../stylize-service';

export function offscreenHandlers(
  service: StylizeService<unknown>,
): HandlerTable<'offscreen.stylize' | 'offscreen.cancel' | 'offscreen.cancelTab' | 'offscreen.status' | 'offscreen.warm'> {
  return {
    'offscreen.stylize': async (req) => {
      const { type: _type, ...job } = req;
      try {
        return await service.stylize(job);
      } catch (e) {
        if (e instanceof JobCancelledError || (e as Error)?.name === 'AbortError') throw new Error(`cancelled: ${(e as Error).message}`);
        throw e;
      }
    },
    'offscreen.cancel': ({ jobIds }) => ({ cancelled: service.queue.cancelIds(jobIds) }),
    'offscreen.cancelTab': ({ tabId }) => ({ cancelled: service.queue.cancelTab(tabId) }),
    'offscreen.status': () => service.status(),
    'offscreen.warm': async ({ styleId }) => {
      await service.warm(styleId);
      return { styleId };
    },
  };
}
