/** The package's third-party notices cover every package the extension's code imports, with its licence text. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_ROOTS, shippedPackages, thirdPartyNotices } from '../../scripts/lib/notices';
import { reachableFrom } from '../helpers/import-graph';

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('third-party notices', () => {
  it('name every package any entrypoint reaches', () => {
    const reached = new Set<string>();
    for (const dir of readdirSync('entrypoints'))
      for (const file of readdirSync(`entrypoints/${dir}`))
        if (/\.tsx?$/.test(file)) for (const p of reachableFrom(`entrypoints/${dir}/${file}`).packages.keys()) reached.add(packageName(p));
    expect(reached.size).toBeGreaterThanOrEqual(4);
    const noticed = new Set(shippedPackages().map((p) => p.name));
    expect([...reached].filter((p) => !noticed.has(p))).toEqual([]);
    for (const root of RUNTIME_ROOTS) expect(noticed.has(root), root).toBe(true);
  });

  it("carry each licence text and the paintings' provenance", () => {
    const text = thirdPartyNotices();
    expect(text).toContain('Apache License');
    expect(text).toContain(readFileSync('node_modules/preact/LICENSE', 'utf8').trim().split('\n')[0]);
    expect(text).toMatch(/The Starry Night, Vincent van Gogh \(1889\): public domain/);
    expect(text).toContain('XNNPACK');
  });

  it('the licence matches package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
  });
});
