/**
 * Page mode on real-world page structures, read the way a person reads:
 * archived article pages (the layout of mozilla/readability's test pages:
 * `<dir>/<name>/source.html`), every picture swapped for the project's own
 * generated scene, scripts and stylesheets left out (nothing can load from the
 * network), read top to bottom at 2 s per viewport with page mode on. For every
 * picture a reader had in view, was it repainted before the reader moved on?
 *
 *   npm run bench:pages -- --pages <dir> [--pace 2000] [--json]
 *
 * The pages are third-party content, so they are read from a folder outside
 * the repository (BRUSHWORK_PAGES_DIR), never committed. A page's structures
 * that Brushwork missed become fixtures of the project's own (e.g. the stream
 * in tests/e2e/page-mode.e2e.ts).
 *
 * "A picture in view" is decided here, not by Brushwork's own rules: any
 * element with at least 48×48 CSS px on screen (the browser's own
 * IntersectionObserver says how much, through every clipping ancestor),
 * visible, showing a loaded raster image (an <img> whose natural size is at
 * least 48 px) or a CSS background url() that is not SVG.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import sharp from 'sharp';
import { makeScene } from '../src/shared/scene';
import { launch } from '../tests/e2e/fixtures/extension';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES_DIR = flag('pages') ?? process.env.BRUSHWORK_PAGES_DIR ?? '';
const PACE_MS = Number(flag('pace') ?? 2000);
const JSON_OUT = args.includes('--json');
const VIEWPORT = { width: 1280, height: 800 };
const SPACER = /spacer|spaceball|blank\.gif|pixel|1x1|transparent|clear\.gif/i;
const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

if (!PAGES_DIR) {
  console.error('bench:pages: pass --pages <dir> (folders holding source.html) or set BRUSHWORK_PAGES_DIR');
  process.exit(2);
}

/** One generated picture per size class, recoloured per URL so neighbours differ. */
const pictures = new Map<string, Buffer>();
async function pictureFor(url: string): Promise<Buffer> {
  let hash = 0;
  for (const ch of url) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const key = String(hash % 12);
  let png = pictures.get(key);
  if (!png) {
    const scene = makeScene(480, 320);
    png = await sharp(Buffer.from(scene.data.buffer), { raw: { width: 480, height: 320, channels: 4 } })
      .modulate({ hue: (hash % 12) * 30 })
      .jpeg({ quality: 85 })
      .toBuffer();
    pictures.set(key, png);
  }
  return png;
}

const IMAGE_URL = /\.(jpe?g|png|gif|webp|avif|bmp)(\?|#|$)|\/(image|img|photo|thumb)s?\//i;

function withoutScripts(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*rel=["']?(stylesheet|preload|modulepreload)[^>]*>/gi, '');
}

async function serve(route: Route, pageUrl: string, html: string): Promise<void> {
  const req = route.request();
  const url = req.url();
  if (url === pageUrl) return route.fulfill({ status: 200, contentType: 'text/html', body: html });
  const type = req.resourceType();
  // Nothing else can load offline; everything a page or Brushwork asks for besides is a picture.
  if (['script', 'stylesheet', 'font', 'media', 'websocket', 'manifest', 'texttrack', 'eventsource'].includes(type)) return route.abort();
  if (type === 'image' || type === 'fetch' || type === 'xhr' || IMAGE_URL.test(url)) {
    // Every picture is the project's own; CORS lets the page (and so Brushwork's page script) read it.
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'max-age=3600' };
    if (SPACER.test(url)) return route.fulfill({ status: 200, contentType: 'image/gif', headers, body: TRANSPARENT_GIF });
    return route.fulfill({ status: 200, contentType: 'image/jpeg', headers, body: await pictureFor(url) });
  }
  return route.abort();
}

interface InView {
  id: string;
  done: boolean;
  state: string | null;
  /** Tag, size, Brushwork's reason and source: printed with --debug for what was missed. */
  what: string;
}

/**
 * Pictures in view now, by the neutral rule above; each gets a stable id
 * attribute of the bench's own. Passed as text: tsx would wrap named inner
 * functions in a helper the page does not have.
 */
const IN_VIEW_SCRIPT = `new Promise((resolve) => {
  const candidates = [];
  let next = Number(window.__bwNext ?? 0);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width < 48 || r.height < 48 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const img = el instanceof HTMLImageElement ? el : null;
    const showsImg = img !== null && img.complete && img.naturalWidth >= 48 && img.naturalHeight >= 48 && !/\\.svg/i.test(img.currentSrc);
    const bg = getComputedStyle(el).backgroundImage;
    const showsBackground = /url\\(/.test(bg) && !/\\.svg|data:image\\/svg/i.test(bg);
    if (showsImg || showsBackground) candidates.push({ el, img, bg, r });
  }
  if (!candidates.length) return resolve([]);
  // The browser's own intersection (it knows every clipping ancestor): in view means 48×48 px of it on screen.
  const io = new IntersectionObserver((entries) => {
    io.disconnect();
    const visible = new Set(entries.filter((e) => e.intersectionRect.width >= 48 && e.intersectionRect.height >= 48).map((e) => e.target));
    const out = [];
    for (const { el, img, bg, r } of candidates) {
      if (!visible.has(el)) continue;
      if (!el.hasAttribute('data-bw-bench')) el.setAttribute('data-bw-bench', String(next++));
      const state = el.getAttribute('data-brushwork');
      out.push({ id: el.getAttribute('data-bw-bench'), done: state === 'done', state,
        what: el.tagName.toLowerCase() + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' ' + (el.getAttribute('data-brushwork-reason') || '') + ' ' + (img ? img.currentSrc.slice(0, 60) + ' n=' + img.naturalWidth : bg.slice(0, 60)) });
    }
    window.__bwNext = next;
    resolve(out);
  });
  for (const c of candidates) io.observe(c.el);
})`;

function picturesInView(page: Page): Promise<InView[]> {
  return page.evaluate(IN_VIEW_SCRIPT) as Promise<InView[]>;
}

async function readPage(name: string, html: string) {
  const h = await launch();
  const pageUrl = `https://www.${name.replace(/[^a-z0-9]+/gi, '-')}.test/`;
  try {
    await h.context.route('**/*', (route) => serve(route, pageUrl, html));
    const { page, tabId } = await h.openTab(pageUrl, { viewport: VIEWPORT, waitUntil: 'domcontentloaded' });
    const started = await h.send({ type: 'setPageMode', tabId, enabled: true });
    if (!started.ok) throw new Error(`page mode did not start: ${started.error}`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (args.includes('--debug')) console.log(`  ${name}: ${height} px tall`);
    const seen = new Map<string, InView>();
    for (let y = 0; y < height; y += VIEWPORT.height) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(PACE_MS); // the reader's pace is the measure itself
      for (const p of await picturesInView(page)) {
        const before = seen.get(p.id);
        seen.set(p.id, { ...p, done: p.done || (before?.done ?? false) });
      }
    }
    const all = [...seen.values()];
    if (args.includes('--debug')) for (const p of all) if (!p.done) console.log(`  missed ${p.state ?? 'untouched'}: ${p.what}`);
    const painted = all.filter((p) => p.done).length;
    const states: Record<string, number> = {};
    for (const p of all) if (!p.done) states[p.state ?? 'untouched'] = (states[p.state ?? 'untouched'] ?? 0) + 1;
    return {
      page: name,
      in_view: all.length,
      painted,
      percent: all.length ? Math.round((1000 * painted) / all.length) / 10 : 100,
      missed: states,
      height,
    };
  } finally {
    await h.close();
  }
}

const names = readdirSync(PAGES_DIR).filter((n) => {
  try {
    return readFileSync(path.join(PAGES_DIR, n, 'source.html')).length > 0;
  } catch {
    return false;
  }
});
const rows = [];
for (const name of names.sort()) {
  const row = await readPage(name, withoutScripts(readFileSync(path.join(PAGES_DIR, name, 'source.html'), 'utf8')));
  rows.push(row);
  if (!JSON_OUT)
    console.log(
      `${name.padEnd(14)} ${String(row.painted).padStart(4)}/${String(row.in_view).padEnd(4)} ${String(row.percent).padStart(5)} %  missed ${JSON.stringify(row.missed)}`,
    );
}
if (JSON_OUT) console.log(JSON.stringify(rows));
else console.log(`pages at ≥ 95 %: ${rows.filter((r) => r.percent >= 95).length}/${rows.length} (pace ${PACE_MS} ms per viewport)`);
