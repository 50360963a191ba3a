/** What the page shows on an image that could not be repainted, by error kind (never by the message's wording). */
import type { ErrorKind } from '../../messaging/protocol';

const SHOWN: Record<ErrorKind, string> = {
  cancelled: 'Brushwork stopped repainting this image',
  skipped: 'Brushwork leaves this image as it is',
  'too-large': 'This image is too large to stylize',
  unreadable: 'This image could not be read',
  'not-an-image': 'This image could not be read',
  'no-permission': 'This image could not be read',
  timeout: 'The image server did not answer',
  unreachable: 'Brushwork could not stylize this image',
  invalid: 'Brushwork could not stylize this image',
  engine: 'Brushwork could not stylize this image',
};

export function friendlyError(kind: ErrorKind): string {
  return SHOWN[kind];
}

/** Kinds that leave an image alone on purpose (state `skipped`) rather than failing it (state `error`). */
export function stateForFailure(kind: ErrorKind): 'skipped' | 'error' {
  return kind === 'skipped' ? 'skipped' : 'error';
}
