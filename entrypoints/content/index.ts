import { startPage } from '@/src/page/start';

// Injected on demand (see src/background/injection.ts), never declared for all sites.
export default defineContentScript({
  registration: 'runtime',
  main() {
    startPage();
  },
});
