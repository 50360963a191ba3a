/** Who asked for a picture, as the offscreen document keys its caches (see stylize-service.ts). */
import type { SenderInfo } from './router';

const originOf = (url: string | undefined): string => {
  try {
    return url ? new URL(url).origin : 'unknown';
  } catch {
    return 'unknown';
  }
};

/**
 * The tab's top-level origin and the frame's, from Chrome's sender record (a
 * page cannot forge it). The tab's URL is visible while Brushwork has access
 * to the tab, which it has whenever its content script runs there.
 */
export function requesterOf(sender: SenderInfo): string {
  return `${originOf(sender.tab?.url)} > ${sender.origin ?? originOf(sender.url)}`;
}
