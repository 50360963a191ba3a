/**
 * Where a CSS background's painted picture goes, from what is known of the
 * document's CSP for data: images (#30). Only a policy known to allow them
 * gets the inline `image-set(url(data:…))`: an unknown one may be a strict or
 * report-only header Brushwork could not see, and a try there is a console
 * error and a report to the site's endpoint. Otherwise the canvas layer,
 * whose pixels no img-src governs — but a replaced or void element (an <img>
 * spacer showing its background, an <input>) renders no children, so a layer
 * there never shows: such an element is left as it is, with the reason.
 */
import { t } from '../../i18n/t';
import type { DataImagePolicy } from '../../shared/csp';
import type { BackgroundMode } from './background-surface';

export type BackgroundPlacement = { mode: BackgroundMode } | { skip: string };

/** activeTab alone: the page's headers went by before Brushwork had access to the site. */
export const noLayerPolicyUnknown = () => t('reasonNoLayerPolicyUnknown');

export const noLayerPolicyBlocks = () => t('reasonNoLayerPolicyBlocks');

export function backgroundPlacement(policy: DataImagePolicy, holdsLayer: boolean): BackgroundPlacement {
  if (policy === 'allowed') return { mode: 'style' };
  if (holdsLayer) return { mode: 'canvas' };
  return { skip: policy === 'unknown' ? noLayerPolicyUnknown() : noLayerPolicyBlocks() };
}
