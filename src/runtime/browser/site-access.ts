/**
 * A picture the runtime could not fetch, from a site Brushwork has no access to. The fetch only says
 * "network error"; with the toolbar click's access alone (activeTab covers the page's own site, not the
 * CDN its pictures come from) a picture without CORS fails exactly so, and that is by far the likeliest
 * cause on real pages. Said as such, with what to do (a new user's trial in Firefox, #29: the four-way
 * guess told them nothing). Who holds the permissions API answers `hasAccess`: the background.
 */
import { BrushworkError, refusalError } from '../../messaging/errors';
import { reasoned } from '../../messaging/reasons';

export type SiteAccess = (url: string) => Promise<boolean>;

export async function explainFetchFailure(e: unknown, url: string, hasAccess: SiteAccess): Promise<never> {
  if (e instanceof BrushworkError && e.reason?.key === 'reasonFetchFailed') {
    const { host } = new URL(url);
    if (!(await hasAccess(url).catch(() => true)))
      throw refusalError(
        reasoned(
          'no-permission',
          'reasonNoSiteAccess',
          `Brushwork needs access to ${host} to read this picture: choose “Allow reading images on all sites…” in its popup`,
          host,
        ),
      );
  }
  throw e;
}
