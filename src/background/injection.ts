/**
 * Content scripts are injected on demand (activeTab after a click, a shortcut
 * or the popup; or a site the user granted), never declared for all sites:
 * Brushwork asks for no host access at install.
 */
import { BrushworkError, errorMessage } from '../messaging/errors';

export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

/** Injects the page script where it is not running yet; returns the frames it runs in. */
export async function ensureContentScript(tabId: number, frameId?: number): Promise<number[]> {
  const target = frameId === undefined ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] };
  let results: chrome.scripting.InjectionResult<unknown>[];
  try {
    // injectImmediately: without it Chrome waits for every frame to reach document_idle, and one ad
    // or widget frame that never finishes loading held the whole page's injection forever (bench:pages,
    // an archived BBC article). The page script only needs a document, not a finished one.
    results = await chrome.scripting.executeScript({ target, files: [CONTENT_SCRIPT_FILE], injectImmediately: true });
  } catch (e) {
    // Chrome refuses with no code (no access, chrome:// or Web Store pages, a closed tab); all mean Brushwork cannot run here.
    throw new BrushworkError(
      'no-permission',
      `Brushwork cannot reach this page: click its toolbar button on the page first, or allow it on this site (${errorMessage(e)})`,
    );
  }
  return results.map((r) => r.frameId).filter((id): id is number => typeof id === 'number');
}
