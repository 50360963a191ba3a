/** What the page shows on an image that could not be repainted, by error kind (never by the message's wording). */
import { type MessageKey, t } from '../../i18n/t';
import type { ErrorKind } from '../../messaging/protocol';

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

/** Kinds that leave an image alone on purpose (state `skipped`) rather than failing it (state `error`). */
export function stateForFailure(kind: ErrorKind): 'skipped' | 'error' {
  return kind === 'skipped' ? 'skipped' : 'error';
}
