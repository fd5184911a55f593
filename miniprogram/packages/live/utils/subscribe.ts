/**
 * The shopper's consent to one reminder (a one-time subscribe message). WeChat shows the consent dialog only when
 * wx.requestSubscribeMessage is called from a tap handler itself, not after an await: call this first thing in the
 * handler and await the answer afterwards. No template configured: nothing to ask, the answer is yes.
 */
export function askReminderConsent(templateId: string | null): Promise<boolean> {
  if (!templateId) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: [templateId],
        success: (res) => resolve((res as unknown as Record<string, string>)[templateId] === 'accept'),
        fail: () => resolve(false),
      });
    } catch {
      resolve(false);
    }
  });
}
