/** The visible trace of Brushwork's work on an element, for people and tests alike. */
import type { ImageState } from '../messaging/protocol';

export const STATE_ATTR = 'data-brushwork';
export const REASON_ATTR = 'data-brushwork-reason';
/** Set while a pending picture shows its first look (half size, #21); the full-size result replaces it. */
export const FIRST_LOOK_ATTR = 'data-brushwork-first-look';

export function setState(el: Element, state: ImageState, reason?: string): void {
  el.setAttribute(STATE_ATTR, state);
  if (state !== 'pending') el.removeAttribute(FIRST_LOOK_ATTR);
  if (reason) el.setAttribute(REASON_ATTR, reason);
  else el.removeAttribute(REASON_ATTR);
}

export function getState(el: Element): ImageState | null {
  return el.getAttribute(STATE_ATTR) as ImageState | null;
}

export function markFirstLook(el: Element): void {
  el.setAttribute(FIRST_LOOK_ATTR, '');
}

export function clearState(el: Element): void {
  el.removeAttribute(STATE_ATTR);
  el.removeAttribute(FIRST_LOOK_ATTR);
  el.removeAttribute(REASON_ATTR);
}
