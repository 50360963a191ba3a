/**
 * The files of imported styles in the extension's IndexedDB (`brushwork`/`styles`):
 * IndexedDB alone, no chrome.* API, so the offscreen document and its engine
 * workers can read models from it too.
 */

/** What IndexedDB holds per style. */
export interface UserStyleFiles {
  id: string;
  manifestText: string;
  weightsFile: string;
  weights: Uint8Array;
  preview?: Blob;
}

const DB_NAME = 'brushwork';
const STORE = 'styles';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function withStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function readUserStyleFiles(id: string): Promise<UserStyleFiles | undefined> {
  return (await withStore<UserStyleFiles>('readonly', (s) => s.get(id) as IDBRequest<UserStyleFiles>)) ?? undefined;
}

export async function setUserStylePreview(id: string, preview: Blob): Promise<void> {
  const files = await readUserStyleFiles(id);
  if (files) await withStore('readwrite', (s) => s.put({ ...files, preview }));
}
