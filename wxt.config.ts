import path from 'node:path';
import { defineConfig } from 'wxt';
import { styleListProblems } from './scripts/lib/check-styles';

const WASM_DIR = path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
// Chrome ≥ 91 always has WASM SIMD: the non-SIMD build would be dead weight in the package.
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  manifest: {
    name: 'Brushwork',
    description: 'Repaint the images of any web page in the style of a famous painting, on your own machine.',
    minimum_chrome_version: '148',
    permissions: ['storage', 'contextMenus', 'offscreen', 'activeTab', 'scripting'],
    optional_host_permissions: ['<all_urls>'],
    action: { default_title: 'Brushwork' },
    commands: {
      'toggle-page-mode': {
        suggested_key: { default: 'Alt+Shift+B' },
        description: 'Repaint every image on this page (on/off)',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    // Runtime messages carry typed arrays intact instead of JSON's silent "{}" (Chrome 148+).
    message_serialization: 'structured_clone',
  },
  hooks: {
    // One style list: the build refuses a package whose models disagree with src/shared/catalog.ts.
    'build:before': () => {
      const problems = styleListProblems(path.resolve('public'));
      if (problems.length) throw new Error(`style list out of step:\n${problems.join('\n')}`);
    },
    'build:publicAssets': (_wxt, files) => {
      for (const file of WASM_FILES) files.push({ absoluteSrc: path.join(WASM_DIR, file), relativeDest: `wasm/${file}` });
    },
  },
});
