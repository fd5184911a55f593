/** Opening the in-app links of banners and notices (paths the server has checked). */

/** The tab pages: opened with switchTab, which takes no query. */
const TAB_PAGES = ['/pages/home/index', '/pages/category/index', '/pages/cart/index', '/pages/me/index'];

export function isTabPage(link: string): boolean {
  return TAB_PAGES.includes(link.split('?')[0]);
}

/** Opens an in-app path; anything else (a URL) is ignored. */
export function openLink(link: string | null | undefined): void {
  if (!link || !link.startsWith('/') || link.startsWith('//')) return;
  if (isTabPage(link)) void wx.switchTab({ url: link.split('?')[0] });
  else void wx.navigateTo({ url: link });
}
