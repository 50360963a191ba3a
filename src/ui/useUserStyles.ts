/** The imported styles and their previews (object URLs of the blobs in IndexedDB), kept current. */
import { useEffect, useState } from 'preact/hooks';
import { listUserStyles, readUserStyleFiles, type UserStyle, watchUserStyles } from '../settings/user-styles';

export function useUserStyles(): { styles: UserStyle[]; previews: Record<string, string> } {
  const [styles, setStyles] = useState<UserStyle[]>([]);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  useEffect(() => {
    void listUserStyles().then(setStyles);
    return watchUserStyles(setStyles);
  }, []);
  // Re-read the previews only when the set of styles or a preview changes, not on a rename.
  const previewKey = styles.map((s) => `${s.id}@${s.previewAt ?? 0}`).join(',');
  useEffect(() => {
    let live = true;
    const urls: string[] = [];
    void Promise.all(
      styles.map(async (s) => {
        const preview = (await readUserStyleFiles(s.id))?.preview;
        if (!preview) return null;
        const url = URL.createObjectURL(preview);
        urls.push(url);
        return [s.id, url] as const;
      }),
    ).then((pairs) => {
      if (live) setPreviews(Object.fromEntries(pairs.filter((p): p is readonly [string, string] => p !== null)));
    });
    return () => {
      live = false;
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, [previewKey]);
  return { styles, previews };
}
