import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/model/**/*.test.ts'],
    environment: 'node',
    // chrome.i18n in English for components and page code (tests/helpers/i18n.ts).
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // WASM backends and child CLIs are heavy on a 2-core machine: keep files in one pool of 2.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
