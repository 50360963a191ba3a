/** The persistent result store's bytes in the Cache API of the extension's own origin (no page can read it). */
import type { BlobBackend } from '../result-store';

export const RESULT_CACHE_NAME = 'brushwork-results-v1';
/** Cache API keys must be http(s) URLs; `.invalid` can never resolve, so nothing is ever fetched. */
const entryUrl = (name: string) => `https://results.brushwork.invalid/${name}`;

export function cacheApiBackend(): BlobBackend {
  const open = () => caches.open(RESULT_CACHE_NAME);
  return {
    read: async (name) => {
      const hit = await (await open()).match(entryUrl(name));
      return hit ? hit.arrayBuffer() : undefined;
    },
    write: async (name, bytes) => {
      await (await open()).put(entryUrl(name), new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
    },
    remove: async (name) => {
      await (await open()).delete(entryUrl(name));
    },
  };
}

/** Forgets every kept result (browser start, the settings page's button). */
export async function clearPersistentResults(): Promise<void> {
  await caches.delete(RESULT_CACHE_NAME);
}
