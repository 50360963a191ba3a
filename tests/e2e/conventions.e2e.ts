/**
 * The TF.js line in the built package: the popup's, options page's and content
 * script's chunks hold no TF.js (the source-level walk is tests/unit/conventions.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const OUT = path.resolve('.output/chrome-mv3');
/** Strings every TF.js build carries (kernel registry and backend names). */
const TFJS_MARKERS = ['registerKernel', 'tfjs-backend-wasm', 'Conv2DBackpropInput'];

/** The script files an HTML page loads, with the chunks they import, transitively. */
function pageScripts(html: string): string[] {
  const seen = new Set<string>();
  const queue = [...readFileSync(path.join(OUT, html), 'utf8').matchAll(/(?:src|href)="(\/[^"]+\.js)"/g)].map((m) => m[1] as string);
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

test.describe('built chunks', () => {
  test.beforeAll(() => {
    expect(existsSync(OUT), 'run npm run build first').toBe(true);
  });

  for (const html of ['popup.html', 'options.html'])
    test(`${html} loads no TF.js`, () => {
      const scripts = pageScripts(html);
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

  test('the offscreen document does carry TF.js (the markers are real)', () => {
    const scripts = pageScripts('offscreen.html');
    const all = scripts.map((s) => readFileSync(path.join(OUT, s), 'utf8')).join('\n');
    expect(TFJS_MARKERS.some((m) => all.includes(m))).toBe(true);
  });
});
