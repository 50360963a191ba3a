/**
 * Where a model's files come from: the package for shipped styles, the
 * extension's IndexedDB for imported ones (ids `mine-…`). The ModelStore asks
 * for `models/<id>/<file>` either way and validates what it gets the same way.
 */
import { BrushworkError } from '../../messaging/errors';
import { MANIFEST_FILE } from '../../model/format';
import { readUserStyleFiles, type UserStyleFiles } from '../../settings/user-style-files';
import { isUserStyleId } from '../../shared/catalog';
import type { ReadFile } from '../model-loader';

/** `readUserStyle`: where imported styles' files come from (the video engines ask their frame, video-user-styles.ts). */
export function modelFileReader(
  readPackaged: ReadFile,
  readUserStyle: (id: string) => Promise<UserStyleFiles | undefined> = readUserStyleFiles,
): ReadFile {
  return async (path) => {
    const [, id = '', file = ''] = /^models\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
    if (!isUserStyleId(id)) return readPackaged(path);
    const files = await readUserStyle(id);
    if (!files) throw new BrushworkError('invalid', `style ${id}: expected an imported style, found none (it was removed)`);
    if (file === MANIFEST_FILE) return new TextEncoder().encode(files.manifestText);
    if (file === files.weightsFile) return files.weights;
    throw new BrushworkError('invalid', `style ${id}: expected ${MANIFEST_FILE} or ${files.weightsFile}, found a request for ${file}`);
  };
}
