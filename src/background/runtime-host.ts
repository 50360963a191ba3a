/**
 * The one way the background reaches the runtime (#23), whichever browser
 * hosts it: Chrome's offscreen document (offscreen-manager.ts) or Firefox's
 * background page itself (background-runtime.ts). `import.meta.env.FIREFOX`
 * is a build-time constant, so each build carries only its own host: Chrome's
 * service worker never bundles TF.js.
 */
import type { BodyOf, MessageName, RequestOf } from '../messaging/protocol';
import { askOffscreen, closeOffscreen, offscreenExists } from './offscreen-manager';

type OffscreenMessage = Extract<MessageName, `offscreen.${string}`>;

const inBackground = () => import('./background-runtime');

export async function askRuntime<K extends OffscreenMessage>(request: RequestOf<K>, { create = true } = {}): Promise<BodyOf<K>> {
  if (import.meta.env.FIREFOX) return (await inBackground()).askBackgroundRuntime(request, create);
  return askOffscreen(request, { create });
}

export async function runtimeRunning(): Promise<boolean> {
  if (import.meta.env.FIREFOX) return (await inBackground()).backgroundRuntimeRunning();
  return offscreenExists();
}

export async function closeRuntime(): Promise<boolean> {
  if (import.meta.env.FIREFOX) return (await inBackground()).stopBackgroundRuntime();
  return closeOffscreen();
}
