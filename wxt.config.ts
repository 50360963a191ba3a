import path from 'node:path';
import { defineConfig } from 'wxt';
import { styleListProblems } from './scripts/lib/check-styles';
import { ICON_SIZES, renderIcons } from './scripts/lib/icons';
import { thirdPartyNotices } from './scripts/lib/notices';
import { TOGGLE_PAGE_MODE_KEY } from './src/shared/commands';

const WASM_DIR = path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
// Chrome ≥ 91 always has WASM SIMD: the non-SIMD build would be dead weight in the package, and the
// threaded build cannot load outside a cross-origin-isolated document (src/runtime/browser/backend.ts).
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm'];
const ICONS_DIR = path.resolve('.wxt/icons');
const ICONS = Object.fromEntries(ICON_SIZES.map((size) => [size, `icons/${size}.png`]));

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  // Tests build and zip into a temporary folder so they never touch the .output the e2e suite loads.
  outDir: process.env.BRUSHWORK_OUT_DIR ?? '.output',
  // Firefox asks for the sources of a bundled add-on (addons.mozilla.org review): `npm run zip:firefox` makes both.
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    // The sources zip walks the folder, not git: nothing rendered from the shared training data, nothing generated.
    excludeSources: ['.brushwork/**', 'campaign/runs/*/previews/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'tmp/**'],
  },
  // One source for both browsers (as Dark Reader does): what differs is the manifest and the runtime's host.
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      // Every user-visible string comes from public/_locales (English and German).
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // 148: the first Chrome with message_serialization 'structured_clone' (below), which the
      // protocol needs to carry pixels as typed arrays; everything else we use is older
      // (offscreen documents 109, CSS :has() 105, OffscreenCanvas.convertToBlob 69).
      ...(firefox ? {} : { minimum_chrome_version: '148' }),
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'brushwork@brushwork.example',
                // 140: the ESR the Firefox suite runs on (Debian's firefox-esr). What Brushwork needs is older:
                // MV3 background pages with Workers and 'wasm-unsafe-eval' (102+), storage.session (115+),
                // declarativeNetRequest with regexFilter, tabIds and initiatorDomains (113+), webRequest's
                // details.ip, structured-clone runtime messages; the oldest ESR with all of them tested is 140.
                strict_min_version: '140.0',
                // Mozilla's required declaration for new add-ons: Brushwork collects nothing. Firefox desktop
                // reads it from 140 on, Firefox for Android only from 142 (addons-linter's
                // KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION), hence gecko_android below.
                data_collection_permissions: { required: ['none'] },
              },
              // 142: the first Firefox for Android that reads data_collection_permissions (above). Android has
              // no ESR 140 to stay on, and on Android the popup and page mode work; the context menu and the
              // shortcut do not exist there (no menus or commands APIs on Android).
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
      icons: ICONS,
      // declarativeNetRequest: block rules on the extension's own requests to private addresses, so that a
      // redirect cannot make Brushwork send a request into the user's network (src/background/private-network-rules.ts).
      // webRequest (observing only): the server address of the extension's own responses, so that a name
      // that resolves to a private address is refused too (src/background/response-addresses.ts).
      // offscreen: Chrome only; Firefox runs the model in its background page (src/background/runtime-host.ts).
      permissions: [
        'storage',
        'contextMenus',
        ...(firefox ? [] : ['offscreen']),
        'activeTab',
        'scripting',
        'declarativeNetRequest',
        'webRequest',
      ],
      optional_host_permissions: ['<all_urls>'],
      action: { default_title: '__MSG_extName__', default_icon: ICONS },
      commands: {
        'toggle-page-mode': {
          suggested_key: { default: TOGGLE_PAGE_MODE_KEY },
          description: '__MSG_commandTogglePageMode__',
        },
      },
      // The video engines' frame (#27, src/runtime/browser/video-frame.ts): a page embeds it only through
      // Brushwork's content script, which hands it the frames' MessagePort. Any page could otherwise load
      // chrome-extension://<fixed id>/video-frame.html to learn that Brushwork is installed: Chrome serves it
      // only under a per-session dynamic ID (use_dynamic_url, which chrome.runtime.getURL returns). Firefox
      // needs no such key (its moz-extension:// UUID is random per install) and does not implement it (MDN): it
      // stays Chrome-only (docs/privacy.md).
      web_accessible_resources: [
        { resources: ['video-frame.html'], matches: ['<all_urls>'], ...(firefox ? {} : { use_dynamic_url: true }) },
      ],
      content_security_policy: {
        extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
      },
      // Runtime messages carry typed arrays intact instead of JSON's silent "{}" (Chrome 148+; Firefox always
      // clones them structurally).
      ...(firefox ? {} : { message_serialization: 'structured_clone' }),
    };
  },
  vite: () => ({
    // Test builds only: fixture names served on loopback that the response-address check treats as public
    // (tests/e2e: `BRUSHWORK_TEST_PUBLIC_HOSTS=site.test,other.test wxt build`). The shipped build's list is empty.
    define: {
      __BRUSHWORK_TEST_PUBLIC_HOSTS__: JSON.stringify((process.env.BRUSHWORK_TEST_PUBLIC_HOSTS ?? '').split(',').filter(Boolean)),
    },
  }),
  hooks: {
    // One style list: the build refuses a package whose models disagree with src/shared/catalog.ts.
    'build:before': () => {
      const problems = styleListProblems(path.resolve('public'));
      if (problems.length) throw new Error(`style list out of step:\n${problems.join('\n')}`);
    },
    'build:publicAssets': async (_wxt, files) => {
      for (const file of WASM_FILES) files.push({ absoluteSrc: path.join(WASM_DIR, file), relativeDest: `wasm/${file}` });
      // The fast network's own SIMD engine (src/runtime/kernel), built by `npm run build:kernel`.
      files.push({ absoluteSrc: path.resolve('src/runtime/kernel/shuffle-net.wasm'), relativeDest: 'kernel/shuffle-net.wasm' });
      // Its relaxed-SIMD build (FMA), loaded where the engine validates relaxed SIMD (src/runtime/kernel/load.ts).
      files.push({
        absoluteSrc: path.resolve('src/runtime/kernel/shuffle-net-relaxed.wasm'),
        relativeDest: 'kernel/shuffle-net-relaxed.wasm',
      });
      for (const [size, file] of Object.entries(await renderIcons(ICONS_DIR)))
        files.push({ absoluteSrc: file, relativeDest: `icons/${size}.png` });
      files.push({ absoluteSrc: path.resolve('LICENSE'), relativeDest: 'LICENSE' });
      files.push({ contents: thirdPartyNotices(), relativeDest: 'THIRD_PARTY_NOTICES.txt' });
    },
  },
});
