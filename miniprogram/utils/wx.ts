/** Small wx wrappers shared by pages and stores. */

/** A short message without an icon; text longer than the icon toast allows is fine here. */
export function toast(title: string): void {
  void wx.showToast({ title, icon: 'none', duration: 2000 });
}

export function toastSuccess(title: string): void {
  void wx.showToast({ title, icon: 'success', duration: 1500 });
}

/** A message the shopper must acknowledge (one button). */
export function alert(content: string, title = ''): void {
  void wx.showModal({ title, content, showCancel: false, confirmText: '我知道了' });
}
