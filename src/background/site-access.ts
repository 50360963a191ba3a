/** Whether Brushwork holds access to a picture's site: the user's grant for that site or for all sites. */
export function hasSiteAccess(url: string): Promise<boolean> {
  return chrome.permissions.contains({ origins: [`${new URL(url).origin}/*`] });
}
