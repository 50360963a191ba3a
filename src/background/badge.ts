/**
 * The toolbar badge says page mode is on for a tab, and how many of its
 * pictures are done: the number once there is one, "on" before that.
 */
import { t } from '../i18n/t';
import type { StateCounts } from '../messaging/protocol';

const BADGE_COLOUR = '#2a56c6';
/** The badge has room for about four characters. */
const MAX_SHOWN = 999;

export function badgeText(pageMode: boolean, done: number): string {
  if (!pageMode) return '';
  if (done <= 0) return t('badgeOn');
  return done > MAX_SHOWN ? `${MAX_SHOWN}+` : String(done);
}

export async function showBadge(tabId: number, pageMode: boolean, counts: StateCounts): Promise<void> {
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
    await chrome.action.setBadgeText({ tabId, text: badgeText(pageMode, counts.done) });
  } catch {
    // The tab closed between the count and the badge: nothing to show.
  }
}
