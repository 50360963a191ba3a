import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { TOGGLE_PAGE_MODE } from '../shared/commands';

/**
 * The page-mode shortcut as the browser actually assigned it (#30): a suggested key the browser keeps for
 * itself is dropped silently (Chrome kept Alt+Shift+B for its bookmarks bar), so the page says what is
 * assigned, or that nothing is, with a way to the browser's own shortcut page.
 */
export function Shortcut() {
  const [keys, setKeys] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    void chrome.commands
      .getAll()
      .then((all) => setKeys(all.find((c) => c.name === TOGGLE_PAGE_MODE)?.shortcut || null))
      .catch(() => setKeys(null));
  }, []);
  if (keys === undefined) return null;
  return (
    <p class="hint shortcut" data-shortcut={keys ?? ''}>
      {keys ? t('optionsShortcut', keys) : t('optionsShortcutNone')}{' '}
      <a href={shortcutPageUrl()} onClick={openShortcutPage}>
        {t('optionsShortcutChange')}
      </a>
    </p>
  );
}

type Commands = typeof chrome.commands & { openShortcutSettings?: () => Promise<void> };

/** The browser's page for extension shortcuts: Firefox's add-ons manager, Chrome's chrome:// page. */
function shortcutPageUrl(): string {
  return (chrome.commands as Commands).openShortcutSettings ? 'about:addons' : 'chrome://extensions/shortcuts';
}

/**
 * A link click cannot open either page from an extension page: Firefox opens its own
 * (commands.openShortcutSettings), and a tab may open Chrome's chrome:// page.
 */
function openShortcutPage(e: Event): void {
  e.preventDefault();
  const commands = chrome.commands as Commands;
  if (commands.openShortcutSettings) void commands.openShortcutSettings();
  else void chrome.tabs.create({ url: shortcutPageUrl() });
}
