/**
 * The Chrome manifest checks (tests/helpers/chrome-manifest.ts) catch what
 * they claim to: each broken manifest below is refused with its reason. The
 * real package is checked in package.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromeManifestProblems, shortcutProblem } from '../helpers/chrome-manifest';

const README = '| `storage` | settings |\n| `activeTab` | the page you are on |\noptional: access to all sites';

function packageWith(manifest: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-manifest-'));
  mkdirSync(path.join(dir, '_locales', 'en'), { recursive: true });
  writeFileSync(
    path.join(dir, '_locales', 'en', 'messages.json'),
    JSON.stringify({ extName: { message: 'Brushwork' }, extDescription: { message: 'Repaints pictures.' } }),
  );
  mkdirSync(path.join(dir, 'icons'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'popup.html'), '<!doctype html>');
  writeFileSync(path.join(dir, 'background.js'), '');
  return dir;
}

function png(dir: string, file: string, size: number): void {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  bytes.writeUInt32BE(size, 16);
  bytes.writeUInt32BE(size, 20);
  writeFileSync(path.join(dir, file), bytes);
}

const sound = {
  manifest_version: 3,
  name: '__MSG_extName__',
  description: '__MSG_extDescription__',
  version: '0.1.0',
  default_locale: 'en',
  minimum_chrome_version: '148',
  icons: { 128: 'icons/128.png' },
  permissions: ['storage', 'activeTab'],
  optional_host_permissions: ['<all_urls>'],
  action: { default_popup: 'popup.html' },
  background: { service_worker: 'background.js' },
  commands: { toggle: { suggested_key: { default: 'Alt+Shift+B' }, description: 'Toggle' } },
  content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
};

describe('the Chrome manifest checks', () => {
  it('pass a sound manifest', () => {
    const dir = packageWith(sound);
    png(dir, 'icons/128.png', 128);
    expect(chromeManifestProblems(dir, README)).toEqual([]);
  });

  it('refuse unknown keys and permissions, unjustified permissions, missing files, wrong icons, bad versions and remote code', () => {
    const dir = packageWith({
      ...sound,
      version: '1.02',
      permisions: [],
      permissions: ['storage', 'tabs', 'clipboardMagic'],
      host_permissions: ['<all_urls>'],
      action: { default_popup: 'popupp.html' },
      content_security_policy: { extension_pages: "script-src 'self' https://cdn.example" },
    });
    png(dir, 'icons/128.png', 64);
    const problems = chromeManifestProblems(dir, README).join('\n');
    for (const expected of [
      /"permisions" is not a Chrome MV3 manifest key/,
      /version: expected/,
      /permission "clipboardMagic" is not one Chrome knows/,
      /permission "tabs" has no row in the README/,
      /host_permissions: no host access/,
      /names popupp\.html, which the package lacks/,
      /icon 128: expected a 128×128 PNG, found 64×64/,
      /content_security_policy allows remote/,
    ])
      expect(problems).toMatch(expected);
  });

  it('refuse shortcuts Chrome would not register', () => {
    expect(shortcutProblem('Alt+Shift+B')).toBeNull();
    expect(shortcutProblem('Ctrl+Period')).toBeNull();
    expect(shortcutProblem('Shift+B')).toMatch(/Ctrl or Alt/);
    expect(shortcutProblem('Alt+Shift+Ctrl+B')).toMatch(/one or two/);
    expect(shortcutProblem('Alt+Enter')).toMatch(/not a key/);
  });
});
