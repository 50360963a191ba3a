import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  manifest: {
    name: 'Brushwork',
    description: 'Repaint the images of any web page in the style of a famous painting, on your own machine.',
    permissions: ['storage', 'contextMenus', 'offscreen', 'activeTab', 'scripting'],
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
});
