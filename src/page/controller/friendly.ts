/** What the page shows on an image that could not be repainted, by error kind (never by the message's wording). */
import { type MessageKey, t } from '../../i18n/t';
import type { ErrorKind, LocalReason } from '../../messaging/protocol';

const SHOWN: Record<ErrorKind, MessageKey> = {
  cancelled: 'imageCancelled',
  skipped: 'imageSkipped',
  'too-large': 'imageTooLarge',
  unreadable: 'imageUnreadable',
  'not-an-image': 'imageUnreadable',
  'no-permission': 'imageUnreadable',
  timeout: 'imageTimeout',
  unreachable: 'imageFailed',
  invalid: 'imageFailed',
  engine: 'imageFailed',
};

export function friendlyError(kind: ErrorKind): string {
  return t(SHOWN[kind]);
}

/**
 * Why a picture is left as it is, in the person's language: a failure from the runtime carries its locale
 * key (it has no chrome.i18n to word it); one without (an error's detail, for the attribute) keeps its sentence.
 */
export function reasonText(f: { error: string; reason?: LocalReason }): string {
  return f.reason ? t(f.reason.key, ...f.reason.subs) : f.error;
}

/** The reasons the page itself decides, worded in the person's language. */
export const PAGE_REASONS = {
  notDisplayed: () => t('reasonNotDisplayed'),
  animationNotShowable: () => t('reasonAnimationNotShowable'),
  animatedBackgroundPolicyUnknown: () => t('reasonAnimatedBackgroundPolicyUnknown'),
  pageKeepsReplacing: () => t('reasonPageKeepsReplacing'),
};

/** Kinds that leave an image alone on purpose (state `skipped`) rather than failing it (state `error`). */
export function stateForFailure(kind: ErrorKind): 'skipped' | 'error' {
  return kind === 'skipped' ? 'skipped' : 'error';
}
