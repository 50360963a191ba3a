/** The visible trace of Brushwork's work on an element, for people and tests alike. */
import type { ImageState } from '../messaging/protocol';

export const STATE_ATTR = 'data-brushwork';
export const REASON_ATTR = 'data-brushwork-reason';

export function setState(el: Element, state: ImageState, reason?: string): void {
  el.setAttribute(STATE_ATTR, state);
  if (reason) el.setAttribute(REASON_ATTR, reason);
  else el.removeAttribute(REASON_ATTR);
}

export function getState(el: Element): ImageState | null {
  return el.getAttribute(STATE_ATTR) as ImageState | null;
}

export function clearState(el: Element): void {
  el.removeAttribute(STATE_ATTR);
  el.removeAttribute(REASON_ATTR);
}
