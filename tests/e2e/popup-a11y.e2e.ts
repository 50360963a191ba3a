/**
 * The popup as a person meets it: it fits Chrome's 600 px popup limit in both
 * colour schemes (and with 20 styles, by scrolling the grid), shows no
 * accessibility scaffolding, names every control, keeps tab order with the
 * layout, moves between styles with arrow keys, and keeps every text at ≥ 4.5:1
 * contrast. Screenshots of popup, settings and privacy pages, light and dark,
 * land in test-results/screenshots/ for a person to look at (not compared).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { findLowContrastTexts } from './fixtures/contrast';
import { type Harness, launch } from './fixtures/extension';
import { GERMAN, GERMAN_PAGES } from './fixtures/german';
import { chromiumMessages, messagesUntil } from './fixtures/indicator';
import { POPUP_TAB_ORDER } from './fixtures/popup-order';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

const SHOTS = path.resolve('test-results', 'screenshots');
const POPUP_LIMIT = 600;
let h: Harness;
let fx: Fixture;
let tabId: number;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fx = await startFixture(
    {
      '/page.html': html('<img src="/a.png" width="320" height="240">'),
      '/a.png': bytes(await scenePng(320, 240), 'image/png'),
      ...GERMAN_PAGES,
    },
    {},
  );
  h = await launch();
  ({ tabId } = await h.openTab(`${fx.site}/page.html`));
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

async function openPopup(): Promise<{ popup: Page; cdp: CDPSession }> {
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: 360, height: 800 });
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);
  await expect(popup.locator('label.style')).toHaveCount(6);
  await expect(popup.locator('label.style img').last()).toHaveJSProperty('complete', true);
  // Playwright's emulateMedia does not reach extension pages; the protocol call does.
  return { popup, cdp: await h.context.newCDPSession(popup) };
}

const scheme = (cdp: CDPSession, value: 'light' | 'dark') =>
  cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value }] });

const popupHeight = (popup: Page) =>
  popup.evaluate(() => Math.ceil((document.querySelector('main') as HTMLElement).getBoundingClientRect().bottom));

test('fits in 600 px in both schemes, with no visible radio circles or legend', async () => {
  const { popup, cdp } = await openPopup();
  for (const value of ['light', 'dark'] as const) {
    await scheme(cdp, value);
    expect(await popupHeight(popup), `${value} popup height`).toBeLessThanOrEqual(POPUP_LIMIT);
    await popup.locator('main').screenshot({ path: path.join(SHOTS, `popup-${value}.png`) });
  }
  for (const box of [
    await popup.locator('input[type=radio]').first().boundingBox(),
    await popup.locator('fieldset.styles legend').boundingBox(),
  ])
    expect(box && box.width * box.height).toBeLessThanOrEqual(1);
  await popup.close();
});

test('with 20 styles the grid scrolls and the popup still fits', async () => {
  const { popup } = await openPopup();
  const six = await popup.locator('.style-grid').evaluate((g) => ({ scroll: g.scrollHeight, client: g.clientHeight }));
  expect(six.scroll, 'six styles do not scroll').toBe(six.client);
  await popup.evaluate(() => {
    const grid = document.querySelector('.style-grid') as HTMLElement;
    const card = grid.querySelector('label.style') as HTMLElement;
    for (let i = 0; i < 14; i++) grid.append(card.cloneNode(true));
  });
  expect(await popup.locator('label.style').count()).toBe(20);
  expect(await popupHeight(popup)).toBeLessThanOrEqual(POPUP_LIMIT);
  const grid = await popup.locator('.style-grid').evaluate((g) => ({ scroll: g.scrollHeight, client: g.clientHeight }));
  expect(grid.scroll).toBeGreaterThan(grid.client * 2);
  await popup.close();
});

test('every control has a name, tab order follows the layout, arrow keys move between styles', async () => {
  const { popup, cdp } = await openPopup();
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
  };
  const controls = nodes.filter(
    (n) => !n.ignored && /^(button|checkbox|radio|slider|link|combobox|radiogroup|group)$/.test(n.role?.value ?? ''),
  );
  expect(controls.length).toBeGreaterThanOrEqual(12);
  expect(controls.filter((n) => !n.name?.value.trim()).map((n) => n.role?.value)).toEqual([]);
  expect(controls.find((n) => n.name?.value === 'Style')?.role?.value).toMatch(/group/);
  expect(controls.some((n) => n.role?.value === 'slider' && n.name?.value === 'Intensity')).toBe(true);

  const order: string[] = [];
  await popup.locator('body').focus();
  for (let i = 0; i < 9; i++) {
    await popup.keyboard.press('Tab');
    order.push(
      await popup.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.getAttribute('name') || el.textContent?.trim() || (el as HTMLInputElement).type;
      }),
    );
  }
  expect(order).toEqual([...POPUP_TAB_ORDER]);
  const tops = await popup.evaluate(() => {
    const focusable = [...document.querySelectorAll<HTMLElement>('button, input:checked, input:not([type=radio]), a')];
    return focusable.map((el) => Math.round((el.closest('label') ?? el).getBoundingClientRect().top));
  });
  expect(tops.slice(1)).toEqual([...tops.slice(1)].sort((a, b) => a - b)); // after the header, top to bottom

  const radio = popup.locator('input[name=style]:checked');
  await radio.focus();
  const before = await radio.getAttribute('value');
  await popup.keyboard.press('ArrowRight');
  const after = await popup.locator('input[name=style]:checked').getAttribute('value');
  expect(after).not.toBe(before);
  await expect
    .poll(() => h.control.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { styleId: string }).styleId))
    .toBe(after);
  await popup.keyboard.press('ArrowLeft');
  await expect(popup.locator('input[name=style]:checked')).toHaveAttribute('value', before as string);
  await popup.close();
});

const lowContrastTexts = (page: Page) => page.evaluate(findLowContrastTexts);

test('all text has at least 4.5:1 contrast in light and dark mode, error text included', async () => {
  const { popup, cdp } = await openPopup();
  await popup.evaluate(() => {
    const error = document.createElement('p');
    error.className = 'status error';
    error.textContent = 'Error text as the popup shows it';
    document.querySelector('main')?.append(error);
  });
  const settings = await h.context.newPage();
  await settings.goto(`chrome-extension://${h.extensionId}/options.html`);
  await settings.locator('h1').waitFor();
  const privacy = await h.context.newPage();
  await privacy.goto(`chrome-extension://${h.extensionId}/privacy.html`);
  await privacy.locator('h1').waitFor();
  for (const value of ['light', 'dark'] as const) {
    await scheme(cdp, value);
    expect(await lowContrastTexts(popup), `popup, ${value}`).toEqual([]);
    for (const [name, page] of [
      ['settings', settings],
      ['privacy', privacy],
    ] as const) {
      await scheme(await h.context.newCDPSession(page), value);
      expect(await lowContrastTexts(page), `${name}, ${value}`).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${value}.png`), fullPage: true });
    }
  }
  await Promise.all([popup.close(), settings.close(), privacy.close()]);
});

test('the toolbar badge shows page mode and the pictures done', async () => {
  const badge = () => h.control.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  expect(await badge()).toBe('');
  expect((await h.send({ type: 'setPageMode', tabId, enabled: true })).ok).toBe(true);
  await expect.poll(badge).toBe('1');
  expect((await h.send({ type: 'restoreAll', tabId })).ok).toBe(true);
  await expect.poll(badge).toBe('');
});

test.describe('in German', () => {
  let de: Harness;
  test.beforeAll(async () => {
    de = await launch([], undefined, { language: 'de' });
  });
  test.afterAll(async () => de?.close());

  test('the popup, the settings page, the menu and the manifest speak German', async () => {
    const popup = await de.context.newPage();
    await popup.goto(`chrome-extension://${de.extensionId}/popup.html?tab=0`);
    await expect(popup.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(popup.getByText('Stärke')).toBeVisible();
    await expect(popup.getByText('Alle Bilder dieser Seite neu malen')).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Einstellungen' })).toBeVisible();
    expect(await popup.locator('main').evaluate((m) => Math.ceil(m.getBoundingClientRect().bottom))).toBeLessThanOrEqual(POPUP_LIMIT);
    await popup.locator('main').screenshot({ path: path.join(SHOTS, 'popup-de.png') });
    const worker = await de.currentWorker();
    expect(await worker.evaluate(() => chrome.i18n.getMessage('menuStylize'))).toBe('Bild neu malen');
    expect(await worker.evaluate(() => chrome.runtime.getManifest().description)).toMatch(/berühmten Gemäldes/);
    const settings = await de.context.newPage();
    await settings.goto(`chrome-extension://${de.extensionId}/options.html`);
    await expect(settings).toHaveTitle('Brushwork-Einstellungen');
  });

  test('the privacy page, the shortcut’s description and the message on a picture speak German', async () => {
    const privacy = await de.context.newPage();
    await privacy.goto(`chrome-extension://${de.extensionId}/privacy.html`);
    await expect(privacy.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(privacy).toHaveTitle(GERMAN.privacyTitle);
    await expect(privacy.locator('h1')).toHaveText(GERMAN.privacyTitle);
    const worker = await de.currentWorker();
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    expect(commands.find((c) => c.name === 'toggle-page-mode')?.description).toBe(GERMAN.shortcut);
    const { page, tabId: svgTab } = await de.openTab(`${fx.site}/svg.html`);
    await de.send({ type: 'stylizeImage', tabId: svgTab, srcUrl: `${fx.site}/drawing.svg` });
    const messages = await messagesUntil(() => chromiumMessages(page), [GERMAN.skipped]);
    expect(messages.join(' ')).not.toMatch(/leaves this image/);
    await Promise.all([privacy.close(), page.close()]);
  });
});

// The popup also readies the page script (#21): tests/unit/background-handlers.test.ts; here, that the page stays as it was.
test('opening the popup starts the engines and loads the style, and changes nothing on the page', async () => {
  const offscreenCount = () =>
    h.control.evaluate(
      async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length,
    );
  await h.control.evaluate(async () => {
    await chrome.offscreen.closeDocument().catch(() => undefined);
  });
  await expect.poll(offscreenCount).toBe(0);
  const { page, tabId: fresh } = await h.openTab(`${fx.site}/page.html`);
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${fresh}`);
  await expect.poll(offscreenCount).toBe(1);
  await expect
    .poll(
      async () =>
        (await h.send<{ runtime: { loadedStyles: string[] } | null }>({ type: 'getStatus', tabId: fresh })).runtime?.loadedStyles ?? [],
    )
    .toContain('starry-night');
  expect(await page.locator('[data-brushwork]').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);
  expect((await h.send<{ counts: { done: number; pending: number } }>({ type: 'getStatus', tabId: fresh })).counts).toMatchObject({
    done: 0,
    pending: 0,
  });
  await Promise.all([popup.close(), page.close()]);
});
