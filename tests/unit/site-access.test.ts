/**
 * A picture the runtime could not fetch is explained by the access Brushwork lacks (runtime/browser/site-access.ts):
 * with no access to the picture's site, the reason says so and what to do; with access, or when the answer is
 * unknown, the fetch's own failure stands; other failures pass through unchanged.
 */
import { describe, expect, it } from 'vitest';
import { BrushworkError, refusalError } from '../../src/messaging/errors';
import { reasoned } from '../../src/messaging/reasons';
import { shownMessage } from '../../src/page/controller/friendly';
import { explainFetchFailure } from '../../src/runtime/browser/site-access';

const fetchFailed = () => refusalError(reasoned('unreadable', 'reasonFetchFailed', 'this image could not be read (…)'));
const access = (granted: boolean) => async () => granted;

describe('explainFetchFailure', () => {
  it('without access to the picture’s site: no-permission, naming the site and what to do', async () => {
    const e: BrushworkError = await explainFetchFailure(fetchFailed(), 'https://cdn.example/a/b.jpg', access(false)).catch((x) => x);
    expect(e).toBeInstanceOf(BrushworkError);
    expect(e).toMatchObject({ kind: 'no-permission', reason: { key: 'reasonNoSiteAccess', subs: ['cdn.example'] } });
    expect(shownMessage(e.kind, e.message)).toBe(
      'Brushwork needs access to cdn.example to read this picture: choose “Allow reading images on all sites…” in its popup',
    );
  });

  it('with access to the site, with the answer unknown, or for any other failure, the failure stands as it was', async () => {
    const failed = fetchFailed();
    await expect(explainFetchFailure(failed, 'https://cdn.example/b.jpg', access(true))).rejects.toBe(failed);
    const unknown = () => Promise.reject(new Error('the background did not answer'));
    await expect(explainFetchFailure(failed, 'https://cdn.example/b.jpg', unknown)).rejects.toBe(failed);
    const other = new BrushworkError('unreadable', 'the server answered 404');
    await expect(explainFetchFailure(other, 'https://cdn.example/b.jpg', access(false))).rejects.toBe(other);
  });
});
