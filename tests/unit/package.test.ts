/**
 * `npm run zip` makes the package a store reviewer gets: what it must hold
 * (manifest, icons, both locales, licence, notices, privacy page, models, the
 * one WASM file) and what it must never hold (source maps, sources, tests, the
 * shared training data, the threaded WASM build that cannot load).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFirefoxAddon, SUPPRESSIONS, unexplained } from '../helpers/addons-lint';
import { chromeManifestProblems } from '../helpers/chrome-manifest';
import { zipEntries } from '../helpers/zip-entries';

// Asynchronously: a minute-long execFileSync blocks the test worker, whose messages to Vitest then time
// out ("Timeout calling onTaskUpdate"), an error that fails the run although every test passed.
const run = promisify(execFile);

let zipFile = '';
let names: string[] = [];
let builtDir = '';

beforeAll(async () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'bw-zip-'));
  // The shipped build: no test-only public hosts, whatever the calling shell says.
  await run('npm', ['run', 'zip', '--silent'], {
    env: { ...process.env, BRUSHWORK_OUT_DIR: outDir, BRUSHWORK_TEST_PUBLIC_HOSTS: '' },
  });
  builtDir = path.join(outDir, 'chrome-mv3');
  const zip = readdirSync(outDir).find((f) => f.endsWith('-chrome.zip'));
  if (!zip) throw new Error(`npm run zip made no -chrome.zip in ${outDir}`);
  zipFile = path.join(outDir, zip);
  names = zipEntries(zipFile)
    .map((e) => e.name)
    .filter((n) => !n.endsWith('/')); // folders
}, 180_000);

describe('the store package (npm run zip)', () => {
  it('holds what a listing needs', () => {
    for (const required of [
      'manifest.json',
      'LICENSE',
      'THIRD_PARTY_NOTICES.txt',
      'privacy.html',
      'popup.html',
      'options.html',
      'icons/16.png',
      'icons/32.png',
      'icons/48.png',
      'icons/128.png',
      '_locales/en/messages.json',
      '_locales/de/messages.json',
      'wasm/tfjs-backend-wasm-simd.wasm',
      'kernel/shuffle-net.wasm',
      'kernel/shuffle-net-relaxed.wasm',
      'models/starry-night/model.json',
      'models/starry-night/weights.bin',
    ])
      expect(names, required).toContain(required);
  });

  it('holds no source maps, sources, tests, training data or unloadable WASM', () => {
    const forbidden = names.filter(
      (n) =>
        /\.map$/.test(n) ||
        /\.(ts|tsx|mjs)$/.test(n) ||
        /(^|\/)(tests?|src|scripts|node_modules|shared|data|vgg19|photos|styles)\//.test(n) ||
        /threaded/.test(n) ||
        /\.(jpe?g)$/i.test(n),
    );
    expect(forbidden).toEqual([]);
    expect(names.filter((n) => n.startsWith('models/')).every((n) => /\/(model\.json|weights\.bin)$/.test(n))).toBe(true);
  });

  it('has no test seam: the response-address check treats no host as public, and asks for the permissions it needs', () => {
    const background = readFileSync(path.join(builtDir, 'background.js'), 'utf8');
    expect(background).not.toMatch(/site\.test|other\.test/);
    expect(background).toContain('checkResponseAddress');
    const manifest = JSON.parse(readFileSync(path.join(builtDir, 'manifest.json'), 'utf8')) as { permissions: string[] };
    expect(manifest.permissions).toEqual(expect.arrayContaining(['declarativeNetRequest', 'webRequest']));
  });

  it('passes the manifest checks the Web Store and Chrome make, each permission justified in the README', () => {
    expect(chromeManifestProblems(builtDir, readFileSync('README.md', 'utf8'))).toEqual([]);
  });

  it('stays small: under 800 kB', () => {
    expect(statSync(zipFile).size).toBeLessThan(800_000);
  });
});

describe('the Firefox package (npm run zip:firefox)', () => {
  let dir = '';
  let firefoxNames: string[] = [];
  let sourceNames: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bw-zip-ff-'));
    await run('npm', ['run', 'zip:firefox', '--silent'], {
      env: { ...process.env, BRUSHWORK_OUT_DIR: dir, BRUSHWORK_TEST_PUBLIC_HOSTS: '' },
    });
    const names = (suffix: string) => {
      const zip = readdirSync(dir).find((f) => f.endsWith(suffix));
      if (!zip) throw new Error(`npm run zip:firefox made no ${suffix} in ${dir}`);
      return zipEntries(path.join(dir, zip))
        .map((e) => e.name)
        .filter((n) => !n.endsWith('/'));
    };
    firefoxNames = names('-firefox.zip');
    sourceNames = names('-sources.zip');
  }, 180_000);

  it('is a Firefox MV3 add-on with its gecko id and minimum version, and no offscreen document', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'firefox-mv3', 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      browser_specific_settings: { gecko: { id: string; strict_min_version: string } };
      permissions: string[];
      background: { scripts?: string[]; service_worker?: string };
    };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings.gecko).toMatchObject({ id: 'brushwork@brushwork.example', strict_min_version: '140.0' });
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.background.scripts).toEqual(['background.js']);
    expect(firefoxNames).not.toContain('offscreen.html');
    for (const required of [
      'manifest.json',
      'popup.html',
      'options.html',
      'wasm/tfjs-backend-wasm-simd.wasm',
      'kernel/shuffle-net.wasm',
      'kernel/shuffle-net-relaxed.wasm',
      '_locales/de/messages.json',
    ])
      expect(firefoxNames, required).toContain(required);
  });

  it("passes Mozilla's addons-linter (what addons.mozilla.org runs) with nothing but the explained false positive", async () => {
    const built = path.join(dir, 'firefox-mv3');
    const report = await lintFirefoxAddon(built);
    expect(report.errors).toEqual([]);
    expect(unexplained(report, built)).toEqual([]);
    // The one suppression is Preact's dangerouslySetInnerHTML path: no Brushwork source may use it.
    expect(report.warnings.length).toBeLessThanOrEqual(SUPPRESSIONS.length);
    const sources = ['src', 'entrypoints'].flatMap((root) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)),
    );
    const users = sources.filter((f) => /\.tsx?$/.test(f) && readFileSync(f, 'utf8').includes('dangerouslySetInnerHTML'));
    expect(users).toEqual([]);
  }, 120_000);

  it('ships its sources for review, without anything rendered from the training data or built', () => {
    expect(sourceNames).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'src/model/network.ts']));
    const forbidden = sourceNames.filter(
      (n) => /(^|\/)(node_modules|\.output|\.brushwork|test-results)\//.test(n) || /\/previews\/step-/.test(n),
    );
    expect(forbidden).toEqual([]);
  });
});
