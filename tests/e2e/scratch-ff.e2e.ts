import { test } from '@playwright/test';
import { launchFirefox } from './fixtures/firefox';
test('ff', async () => {
  const ff = await launchFirefox();
  console.log(await ff.control.evaluate(() => [typeof (globalThis as any).ImageDecoder, navigator.userAgent]));
  console.log(await ff.control.evaluate(() => new Promise((r) => { const w = new Worker(URL.createObjectURL(new Blob(['postMessage(typeof ImageDecoder)']))); w.onmessage = (e) => r(e.data); w.onerror = (e) => r('err ' + e.message); })));
  await ff.close();
});
