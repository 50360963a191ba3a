/**
 * The TF.js line in the built packages, Chrome's and Firefox's: the popup's,
 * options page's and content script's chunks hold no TF.js (the source-level
 * walk is tests/unit/conventions.test.ts); the runtime's host carries it (the
 * offscreen document in Chrome, the background page in Firefox).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** Strings every TF.js build carries (kernel registry and backend names). */
const TFJS_MARKERS = ['registerKernel', 'tfjs-backend-wasm', 'Conv2DBackpropInput'];

/** The script files an HTML page loads, with the chunks they import, transitively. */
function pageScripts(OUT: string, html: string): string[] {
  const seen = new Set<string>();
  const queue = html.endsWith('.js')
    ? [`/${html}`]
    : [...readFileSync(path.join(OUT, html), 'utf8').matchAll(/(?:src|href)="(\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  while (queue.length) {
    const rel = queue.pop() as string;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const text = readFileSync(path.join(OUT, rel), 'utf8');
    for (const m of text.matchAll(/from\s*"\.?\.?(\/[^"]+\.js)"|import\("\.?\.?(\/[^"]+\.js)"\)/g)) {
      const spec = (m[1] ?? m[2]) as string;
      queue.push(spec.startsWith('/chunks') || spec.startsWith('/assets') ? spec : `/chunks${spec}`);
    }
  }
  return [...seen];
}

for (const [browser, build, runtimeHost] of [
  ['Chrome', 'chrome-mv3', 'offscreen.html'],
  ['Firefox', 'firefox-mv3', 'background.js'],
] as const)
  test.describe(`built chunks (${browser})`, () => {
    const OUT = path.resolve('.output', build);
    test.beforeAll(() => {
      expect(existsSync(OUT), `run npm run build${browser === 'Firefox' ? ':firefox' : ''} first`).toBe(true);
    });

    for (const html of ['popup.html', 'options.html'])
      test(`${html} loads no TF.js`, () => {
        const scripts = pageScripts(OUT, html);
        expect(scripts.length).toBeGreaterThan(0);
        for (const s of scripts)
          for (const marker of TFJS_MARKERS) expect(readFileSync(path.join(OUT, s), 'utf8'), `${s}`).not.toContain(marker);
      });

    test('the content script holds no TF.js', () => {
      const dir = path.join(OUT, 'content-scripts');
      const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) for (const marker of TFJS_MARKERS) expect(readFileSync(path.join(dir, f), 'utf8')).not.toContain(marker);
    });

    test(`the runtime's host (${runtimeHost}) does carry TF.js (the markers are real)`, () => {
      const scripts = pageScripts(OUT, runtimeHost);
      const all = scripts.map((s) => readFileSync(path.join(OUT, s), 'utf8')).join('\n');
      expect(TFJS_MARKERS.some((m) => all.includes(m))).toBe(true);
    });
  });
