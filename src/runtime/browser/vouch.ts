/** The offscreen side of the response-address check: ask the background, which watches Chrome's webRequest events. */
import { BrushworkError, refusalError, throwFailure } from '../../messaging/errors';
import type { AddressVerdict } from '../../messaging/protocol';
import { reasoned } from '../../messaging/reasons';
import { sendToRuntime } from '../../messaging/send';
import type { VouchForResponse } from './fetch-image';

/** Throws the refusal a verdict on `url`'s response calls for (both hosts of the runtime use it). */
export function refuseByVerdict(url: string, answer: AddressVerdict): void {
  const host = new URL(url).host;
  if (answer.verdict === 'private')
    throw refusalError(
      reasoned(
        'skipped',
        'reasonLocalAddressAnswered',
        `Brushwork does not read pictures from local network addresses (${host} is ${answer.ip}) on a page's behalf`,
        host,
        answer.ip,
      ),
    );
  if (answer.verdict === 'unseen')
    throw new BrushworkError('unreadable', `the browser did not say which server sent ${host}'s picture, so it was not read`);
}

export const vouchByBackground: VouchForResponse = async (url, since, cors) => {
  const answer = await sendToRuntime({ type: 'checkResponseAddress', url, since, cors });
  if (!answer.ok) throwFailure(answer);
  refuseByVerdict(url, answer);
};
