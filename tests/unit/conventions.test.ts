/**
 * The TF.js line, enforced: the popup, the options page and the content script
 * never reach TF.js or the network code, and src/shared stays pure (no TF.js,
 * no Node, no browser-only module, nothing from other folders). The built
 * chunks are checked too, in tests/e2e/conventions.e2e.ts.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableFrom, resolveSpecifier, specifiers } from '../helpers/import-graph';

const TFJS_FREE_ENTRIES = ['entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx', 'entrypoints/content/index.ts'];
const NETWORK_CODE = /^src\/(model\/network|training\/|runtime\/(browser|node)\/)/;

describe('the TF.js line', () => {
  for (const entry of TFJS_FREE_ENTRIES)
    it(`${entry} reaches no TF.js and no network code`, () => {
      const { files, packages } = reachableFrom(entry);
      const tf = [...packages].filter(([name]) => name.startsWith('@tensorflow/'));
      expect(tf, 'TF.js packages reached (package ← first importer)').toEqual([]);
      expect([...files].filter((f) => NETWORK_CODE.test(f))).toEqual([]);
      expect(files.size).toBeGreaterThan(3); // the walk really followed imports
    });

  it('the walk does see TF.js where it is used (the offscreen document)', () => {
    const { packages, files } = reachableFrom('entrypoints/offscreen/main.ts');
    expect([...packages.keys()].some((p) => p.startsWith('@tensorflow/'))).toBe(true);
    expect(files.has('src/model/network.ts')).toBe(true);
  });

  it('src/shared imports nothing but src/shared', () => {
    const dir = path.resolve('src/shared');
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      for (const spec of specifiers(file)) {
        const target = resolveSpecifier(file, spec);
        expect(target && path.dirname(target), `${name} imports "${spec}"`).toBe(dir);
      }
    }
  });
});
