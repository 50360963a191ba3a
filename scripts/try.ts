/**
 * `npm run try` (Chromium) / `npm run try:firefox` (Firefox ESR): the built
 * extension, loaded into a fresh browser profile, on a demo page of the
 * project's own generated pictures served on this machine. The browser is the
 * system's (Debian's /usr/bin/chromium, /usr/bin/firefox-esr; CHROMIUM_PATH or
 * FIREFOX_PATH say otherwise); nothing is installed into the user's profile.
 * Firefox has no command-line flag for a temporary add-on, so it is installed
 * over Marionette, as `web-ext run` does over its own remote protocol.
 *
 * `--check` runs it headless, confirms that the extension and the demo page
 * loaded, and exits (tests/e2e/try.e2e.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { SHIPPED_STYLES } from '../src/shared/catalog';
import { makeScene } from '../src/shared/scene';
import { launchFirefoxUi } from '../tests/e2e/fixtures/firefox-ui';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_BUILD = path.resolve('.output/chrome-mv3');
const FIREFOX_BUILD = path.resolve('.output/firefox-mv3');

/** The demo's pictures: the generated scene at several sizes and tints, as PNG. */
async function demoPictures(): Promise<Map<string, Buffer>> {
  const pictures = new Map<string, Buffer>();
  const sizes = [
    [640, 480],
    [480, 320],
    [800, 450],
    [360, 360],
    [512, 384],
    [600, 400],
  ] as const;
  for (const [i, [width, height]] of sizes.entries()) {
    const scene = makeScene(width, height);
    // A different hue for each, so that six pictures do not look like one (a shifted red channel wrapped
    // round: bright skies turned into cyan blotches that looked like a broken picture).
    const png = await sharp(Buffer.from(scene.data.buffer), { raw: { width, height, channels: 4 } })
      .modulate({ hue: i * 55 })
      .png()
      .toBuffer();
    pictures.set(`/scene-${i + 1}.png`, png);
  }
  return pictures;
}

/** The page-mode shortcut as the build's manifest suggests it ("Alt+Shift+B"), as keys to show. */
function shortcutOf(build: string): string {
  const manifest = JSON.parse(readFileSync(path.join(build, 'manifest.json'), 'utf8')) as {
    commands?: Record<string, { suggested_key?: { default?: string } }>;
  };
  const keys = manifest.commands?.['toggle-page-mode']?.suggested_key?.default;
  return keys
    ? keys
        .split('+')
        .map((k) => `<kbd>${k}</kbd>`)
        .join('+')
    : 'The page-mode shortcut';
}

function demoPage(pictures: string[], browser: 'chromium' | 'firefox'): string {
  const button =
    browser === 'firefox'
      ? 'the Brushwork button in the toolbar (or in the Extensions menu, the puzzle piece)'
      : 'the Brushwork button (the puzzle piece lists it; pin it)';
  const styles = SHIPPED_STYLES.map((s) => `<i>${s.title}</i>`).join(', ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brushwork demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}
.grid img{width:100%;height:auto;border-radius:6px}.bg{height:220px;border-radius:6px;background:url(/scene-3.png) center/cover}
kbd{border:1px solid #999;border-radius:3px;padding:0 .3em}</style></head><body>
<h1>Brushwork demo</h1>
<p>Every picture here is a scene Brushwork generates itself. Click ${button}, then
<b>Repaint every image on this page</b>; or right-click one picture → <b>Brushwork</b> ▸ <b>Stylize image</b> ▸ a style
(${styles}). ${shortcutOf(browser === 'firefox' ? FIREFOX_BUILD : CHROME_BUILD)} toggles page mode (unless the
browser's shortcut settings say otherwise).</p>
<div class="grid">${pictures.map((p, i) => `<img src="${p}" alt="generated scene ${i + 1}" width="640" height="480">`).join('')}
<div class="bg" role="img" aria-label="a CSS background picture"></div></div>
</body></html>`;
}

async function serveDemo(browser: 'chromium' | 'firefox'): Promise<{ url: string; requests: string[]; close(): void }> {
  const pictures = await demoPictures();
  const page = demoPage([...pictures.keys()], browser);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] as string;
    requests.push(url);
    const png = pictures.get(url);
    if (url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (png) res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) }).end(png);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * A browser window needs a display. Without one (an SSH session, a container) Chromium printed "loaded" and
 * died with its own X11 errors, and Firefox exited with nothing said but its exit code: say so first.
 */
function needDisplay(browser: string, command: string): void {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  console.error(
    `${command}: ${browser} needs a display to open its window, and this session has none (DISPLAY and WAYLAND_DISPLAY are unset); run it from a desktop session, under xvfb-run, or as \`${command} -- --check\` to check headless that Brushwork loads.`,
  );
  process.exit(1);
}

function needBuild(dir: string, command: string): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    console.error(`Brushwork needs its build first: ${path.relative('.', dir)} is missing; run \`${command}\`.`);
    process.exit(1);
  }
}

/** Resolves with the file's content once the browser has written it (the profile folder is watched). */
function fileWritten(dir: string, name: string, child: ChildProcess): Promise<string> {
  const file = path.join(dir, name);
  return new Promise((resolve, reject) => {
    const read = () => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
    const watcher = watch(dir, () => read() && finish());
    const exited = () => finish(new Error('the browser exited before it was ready'));
    const finish = (error?: Error) => {
      watcher.close();
      child.off('exit', exited);
      if (error) reject(error);
      else resolve(read());
    };
    child.once('exit', exited);
    if (read()) finish();
  });
}

/** The extension's service worker and the demo page, as Chromium's DevTools endpoint lists them. */
async function chromiumLoaded(port: number, demo: string): Promise<boolean> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string }[];
  const worker = targets.some((t) => t.type === 'service_worker' && /^chrome-extension:\/\/\w+\/background\.js$/.test(t.url));
  return worker && targets.some((t) => t.type === 'page' && t.url === demo);
}

async function tryChromium(check: boolean): Promise<void> {
  if (!check) needDisplay('Chromium', 'npm run try');
  needBuild(CHROME_BUILD, 'npm run build');
  const demo = await serveDemo('chromium');
  const profile = mkdtempSync(path.join(tmpdir(), 'brushwork-try-'));
  const args = [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${CHROME_BUILD}`,
    `--load-extension=${CHROME_BUILD}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium refuses to run as root with its sandbox on (containers, CI); a person's desktop keeps it.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(check ? ['--headless=new', '--remote-debugging-port=0', '--disable-gpu'] : []),
    demo.url,
  ];
  const child = spawn(CHROMIUM, args, { stdio: check ? 'ignore' : 'inherit' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    if (check) {
      const port = Number((await fileWritten(profile, 'DevToolsActivePort', child)).split('\n')[0]);
      for (let tries = 0; !(await chromiumLoaded(port, demo.url)); tries++) {
        if (tries > 300) throw new Error('Chromium did not load the extension and the demo page within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(`ok: Chromium loaded ${path.relative('.', CHROME_BUILD)} and ${demo.url}`);
      child.kill('SIGTERM');
    } else console.log(`Brushwork is loaded in Chromium on ${demo.url}; close the browser to stop.`);
    await exited;
  } finally {
    demo.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function tryFirefox(check: boolean): Promise<void> {
  if (!check) needDisplay('Firefox', 'npm run try:firefox');
  needBuild(FIREFOX_BUILD, 'npm run build:firefox');
  const demo = await serveDemo('firefox');
  const ui = await launchFirefoxUi(FIREFOX_BUILD, { headless: check });
  try {
    await ui.marionette.command('WebDriver:Navigate', { url: demo.url });
    if (check) {
      const title = await ui.marionette.execute<string>('return document.title;');
      if (title !== 'Brushwork demo' || !demo.requests.includes('/scene-1.png')) throw new Error(`the demo page did not load (${title})`);
      console.log(`ok: Firefox installed ${path.relative('.', FIREFOX_BUILD)} as a temporary add-on and loaded ${demo.url}`);
      await ui.close();
    } else {
      // The session ends here; Firefox stays, with the add-on, until the person closes it.
      ui.marionette.close();
      console.log(`Brushwork is loaded in Firefox on ${demo.url} (a temporary add-on); close the browser to stop.`);
      await ui.exited;
      rmSync(ui.profile, { recursive: true, force: true });
    }
  } finally {
    demo.close();
  }
}

const argv = process.argv.slice(2);
const check = argv.includes('--check');
const run = argv.includes('--firefox') ? tryFirefox : tryChromium;
run(check).catch((e: unknown) => {
  console.error(`npm run try: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
