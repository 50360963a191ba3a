/**
 * The popup's accessibility in Debian's firefox-esr (#29), as
 * popup-a11y.e2e.ts proves it in Chromium: it fits Firefox's 600 px popup
 * height in both colour schemes with no visible radio circles or legend,
 * every text keeps ≥ 4.5:1 contrast (settings and privacy pages too), every
 * control has a name in Firefox's own accessibility tree, tab order follows
 * the layout, and arrow keys move between styles; with 20 styles the grid
 * scrolls; opening the popup starts the engine (Firefox: the background page's
 * runtime) and loads the style without touching the page; and in German the
 * popup, the settings page and the context menu speak German. Driven over Marionette
 * (fixtures/firefox-ui.ts): its "chrome" context reads Firefox's
 * accessibility service and sets the colour scheme Firefox gives pages; the
 * popup's page is shown in a tab for a page (popup.html?tab=), since
 * Marionette cannot enter the popup panel.
 */
import { expect, test } from '@playwright/test';
import { findLowContrastTexts } from './fixtures/contrast';
import { EXTENSION_ORIGIN } from './fixtures/firefox';
import {
  chooseContextMenuItem,
  clickToolbarButton,
  closePanels,
  type FirefoxUi,
  inPage as inPageOf,
  launchFirefoxUi,
  openContextMenu,
  selectedTabId,
  terminateBackground,
  visit,
  WIDGET_ID,
} from './fixtures/firefox-ui';
import { GERMAN, GERMAN_PAGES } from './fixtures/german';
import { marionetteMessages, messagesUntil } from './fixtures/indicator';
import type { Marionette } from './fixtures/marionette';
import { POPUP_TAB_ORDER } from './fixtures/popup-order';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

/** Firefox opens an add-on's popup at most 800 × 600 px (ext-browserAction's panel limit), as Chrome does. */
const POPUP_LIMIT = 600;
let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;
let tabId: number;
/** Marionette's handle of the page's tab (the popup's pages open in a second tab). */
let pageHandle: string;

test.beforeAll(async () => {
  fx = await startFixture(
    {
      '/page.html': html('<img src="/a.png" width="320" height="240">'),
      '/a.png': bytes(await scenePng(320, 240), 'image/png'),
      ...GERMAN_PAGES,
    },
    {},
  );
  ui = await launchFirefoxUi();
  m = ui.marionette;
  await visit(m, `${fx.site}/page.html`);
  tabId = await selectedTabId(m);
  // The toolbar button, clicked on the page (activeTab): the popup may then name the page and repaint it.
  await clickToolbarButton(m);
  await closePanels(m);
  await m.setContext('content');
  pageHandle = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  const tab = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle: tab.handle });
});

test.afterAll(async () => {
  await ui?.close();
  await fx?.close();
});

const inPage = <T>(script: string, args: unknown[] = []) => inPageOf<T>(m, script, args);

/** Opens one of the add-on's pages in the current tab and waits for its content (the popup: every style's preview). */
async function open(page: string, ready: string): Promise<void> {
  await m.setContext('content');
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/${page}` });
  await expect.poll(() => inPage<boolean>(`return ${ready};`), { timeout: 30_000 }).toBe(true);
}
const openPopup = () =>
  open(
    `popup.html?tab=${tabId}`,
    'document.querySelectorAll("label.style").length === 6 && [...document.querySelectorAll("label.style img")].every((i) => i.complete)',
  );

/** The colour scheme Firefox reports to pages (what the system's dark mode sets), then waits until the page sees it. */
async function scheme(value: 'light' | 'dark'): Promise<void> {
  await m.setContext('chrome');
  await m.execute("Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0]);", [
    value === 'dark' ? 0 : 1,
  ]);
  await expect.poll(() => inPage<boolean>('return matchMedia("(prefers-color-scheme: dark)").matches;')).toBe(value === 'dark');
}

const lowContrastTexts = () => inPage<string[]>(`return (${findLowContrastTexts})();`);

test('Firefox UI: the popup fits in 600 px in light and dark with no visible radio circles or legend, and every text has 4.5:1 contrast', async () => {
  for (const value of ['light', 'dark'] as const) {
    await openPopup();
    await scheme(value);
    const height = await inPage<number>('return Math.ceil(document.querySelector("main").getBoundingClientRect().bottom);');
    expect(height, `${value} popup height`).toBeLessThanOrEqual(POPUP_LIMIT);
    const boxes = await inPage<number[]>(
      `return [document.querySelector('input[type=radio]'), document.querySelector('fieldset.styles legend')]
         .map((e) => { const r = e.getBoundingClientRect(); return r.width * r.height; });`,
    );
    expect(boxes.every((area) => area <= 1)).toBe(true);
    // The popup's error text too, as the popup shows it.
    await inPage(
      `const error = document.createElement('p');
       error.className = 'status error';
       error.textContent = 'Error text as the popup shows it';
       document.querySelector('main').append(error);`,
    );
    expect(await lowContrastTexts(), `popup, ${value}`).toEqual([]);
    await open('options.html', 'document.querySelector("h1") !== null');
    expect(await lowContrastTexts(), `settings, ${value}`).toEqual([]);
    await open('privacy.html', 'document.querySelector("h1") !== null');
    expect(await lowContrastTexts(), `privacy, ${value}`).toEqual([]);
  }
  await scheme('light');
});

/** Firefox's accessibility tree of the selected tab's document: each node's role and name. */
async function accessibleControls(): Promise<{ role: string; name: string }[]> {
  await m.setContext('chrome');
  return m.executeAsync(
    `const done = arguments[0];
     const service = Cc['@mozilla.org/accessibilityService;1'].getService(Ci.nsIAccessibilityService);
     const walk = (a, out) => {
       out.push({ role: service.getStringRole(a.role), name: a.name ?? '' });
       for (let c = a.firstChild; c; c = c.nextSibling) walk(c, out);
       return out;
     };
     // The tree of a content process reaches the parent's cache once the service runs: wait for the popup's radios.
     const read = () => {
       const root = service.getAccessibleFor(gBrowser.selectedBrowser);
       const nodes = root ? walk(root, []) : [];
       if (nodes.filter((n) => n.role === 'radiobutton').length === 6) done(nodes);
       else requestAnimationFrame(read);
     };
     read();`,
  );
}

const KEYS = { Tab: '\uE004', ArrowLeft: '\uE012', ArrowRight: '\uE014' } as const;
async function press(key: keyof typeof KEYS): Promise<void> {
  await m.setContext('content');
  const value = KEYS[key];
  await m.command('WebDriver:PerformActions', {
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value },
          { type: 'keyUp', value },
        ],
      },
    ],
  });
  await m.command('WebDriver:ReleaseActions');
}

test('Firefox UI: every popup control has a name in Firefox’s accessibility tree, tab order follows the layout, arrow keys move between styles', async () => {
  await openPopup();
  const controls = (await accessibleControls()).filter((n) =>
    /^(pushbutton|checkbutton|radiobutton|slider|link|combobox|grouping)$/.test(n.role),
  );
  expect(controls.length).toBeGreaterThanOrEqual(12);
  expect(controls.filter((n) => !n.name.trim()).map((n) => n.role)).toEqual([]);
  expect(controls.find((n) => n.name === 'Style')?.role).toBe('grouping');
  expect(controls.some((n) => n.role === 'slider' && n.name === 'Intensity')).toBe(true);

  await inPage('document.activeElement?.blur(); document.body.focus();');
  const order: string[] = [];
  for (let i = 0; i < 9; i++) {
    await press('Tab');
    order.push(
      await inPage<string>(
        `const el = document.activeElement;
         return el.getAttribute('name') || el.textContent?.trim() || el.type;`,
      ),
    );
  }
  expect(order).toEqual([...POPUP_TAB_ORDER]);
  const tops = await inPage<number[]>(
    `return [...document.querySelectorAll('button, input:checked, input:not([type=radio]), a')]
       .map((el) => Math.round((el.closest('label') ?? el).getBoundingClientRect().top));`,
  );
  expect(tops.slice(1)).toEqual([...tops.slice(1)].sort((a, b) => a - b)); // after the header, top to bottom

  const checked = () => inPage<string>('return document.querySelector("input[name=style]:checked").value;');
  const stored = () => inPage<string>('return chrome.storage.local.get("settings").then((r) => r.settings?.styleId);');
  await inPage('document.querySelector("input[name=style]:checked").focus();');
  const before = await checked();
  await press('ArrowRight');
  const after = await checked();
  expect(after).not.toBe(before);
  await expect.poll(stored).toBe(after);
  await press('ArrowLeft');
  await expect.poll(checked).toBe(before);
  await expect.poll(stored).toBe(before);
});

test('Firefox UI: with 20 styles the popup’s style grid scrolls and the popup still fits', async () => {
  await openPopup();
  const gridSize = () =>
    inPage<{ scroll: number; client: number }>(
      'const g = document.querySelector(".style-grid"); return { scroll: g.scrollHeight, client: g.clientHeight };',
    );
  const six = await gridSize();
  expect(six.scroll, 'six styles do not scroll').toBe(six.client);
  await inPage(
    `const grid = document.querySelector('.style-grid');
     const card = grid.querySelector('label.style');
     for (let i = 0; i < 14; i++) grid.append(card.cloneNode(true));`,
  );
  expect(await inPage<number>('return document.querySelectorAll("label.style").length;')).toBe(20);
  expect(await inPage<number>('return Math.ceil(document.querySelector("main").getBoundingClientRect().bottom);')).toBeLessThanOrEqual(
    POPUP_LIMIT,
  );
  const grid = await gridSize();
  expect(grid.scroll).toBeGreaterThan(grid.client * 2);
});

interface Status {
  counts: { done: number; pending: number };
  runtime: { loadedStyles: string[] } | null;
}

/** The page's own markup, read in its tab; the popup's tab is selected again after. */
async function pageDom(): Promise<string> {
  await m.setContext('content');
  const back = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  await m.command('WebDriver:SwitchToWindow', { handle: pageHandle });
  const dom = await inPage<string>('return document.documentElement.outerHTML;');
  await m.command('WebDriver:SwitchToWindow', { handle: back });
  return dom;
}

// Chrome's "ready" is an offscreen document (popup-a11y.e2e.ts); Firefox's engine is the background page's runtime
// (background-runtime.ts), started on the first request: getStatus reports it null until then.
test('Firefox UI: opening the popup starts the engine (the background page’s runtime) and loads the style, and changes nothing on the page', async () => {
  await open('options.html', 'document.querySelector("h1") !== null');
  // What Firefox does to an idle event page: the runtime and its engine workers are gone.
  await terminateBackground(m);
  const status = () => inPage<Status>('return chrome.runtime.sendMessage({ type: "getStatus", tabId: arguments[0] });', [tabId]);
  expect((await status()).runtime).toBeNull();
  const before = await pageDom();
  await openPopup();
  const styleId = await inPage<string>('return document.querySelector("input[name=style]:checked").value;');
  await expect.poll(async () => (await status()).runtime?.loadedStyles ?? [], { timeout: 30_000 }).toContain(styleId);
  expect((await status()).counts).toMatchObject({ done: 0, pending: 0 });
  expect(await pageDom()).toBe(before);
});

test.describe('in German', () => {
  let de: FirefoxUi;
  test.beforeAll(async () => {
    de = await launchFirefoxUi(undefined, { language: 'de' });
  });
  test.afterAll(async () => de?.close());

  test('Firefox UI: the popup, the settings page and the context menu speak German', async () => {
    const d = de.marionette;
    const text = <T>(script: string) => inPageOf<T>(d, script);
    await visit(d, `${fx.site}/page.html`);
    const page = await selectedTabId(d);
    await openContextMenu(d, 'img');
    await d.setContext('chrome');
    const labels = await d.execute<(string | null)[]>(
      `const labels = arguments[0].map((id) => document.getElementById(arguments[1] + '-menuitem-_' + id)?.label ?? null);
       document.getElementById('contentAreaContextMenu').hidePopup();
       return labels;`,
      [['brushwork-stylize', 'brushwork-save', 'brushwork-restore'], WIDGET_ID],
    );
    expect(labels).toEqual(['Bild neu malen', 'Neu gemaltes Bild speichern', 'Original wiederherstellen']);

    await d.setContext('content');
    await d.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=${page}` });
    await expect.poll(() => text<number>('return document.querySelectorAll("label.style").length;'), { timeout: 30_000 }).toBe(6);
    expect(await text<string>('return document.documentElement.lang;')).toMatch(/^de/);
    // innerText holds only what is rendered: the words a person sees.
    const visible = await text<string>('return document.body.innerText;');
    expect(visible).toContain('Stärke');
    expect(visible).toContain('Alle Bilder dieser Seite neu malen');
    expect(await text<string[]>('return [...document.querySelectorAll("button")].map((b) => b.textContent.trim());')).toContain(
      'Einstellungen',
    );
    expect(await text<number>('return Math.ceil(document.querySelector("main").getBoundingClientRect().bottom);')).toBeLessThanOrEqual(
      POPUP_LIMIT,
    );

    await d.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
    await expect.poll(() => text<string>('return document.title;'), { timeout: 30_000 }).toBe('Brushwork-Einstellungen');
    expect(await text<string>('return document.documentElement.lang;')).toMatch(/^de/);
  });

  test('Firefox UI: the privacy page, the shortcut’s description and the message on a picture speak German', async () => {
    const d = de.marionette;
    const text = <T>(script: string) => inPageOf<T>(d, script);
    await d.setContext('content');
    await d.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/privacy.html` });
    await expect.poll(() => text<string>('return document.title;'), { timeout: 30_000 }).toBe(GERMAN.privacyTitle);
    expect(await text<string>('return document.documentElement.lang;')).toMatch(/^de/);
    expect(await text<string>('return document.querySelector("h1").textContent;')).toBe(GERMAN.privacyTitle);
    const commands = await inPageOf<{ name: string; description: string }[]>(d, 'return browser.commands.getAll();');
    expect(commands.find((c) => c.name === 'toggle-page-mode')?.description).toBe(GERMAN.shortcut);
    await visit(d, `${fx.site}/svg.html`);
    await openContextMenu(d, '#svg');
    await chooseContextMenuItem(d, 'brushwork-style:starry-night');
    const messages = await messagesUntil(() => marionetteMessages(d), [GERMAN.skipped]);
    expect(messages.join(' ')).not.toMatch(/leaves this image/);
  });
});
