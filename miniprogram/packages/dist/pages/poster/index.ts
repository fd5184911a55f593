/**
 * 推广海报: a product's (`?type=product&id=`) or the shop's (`?type=home`) poster - the product image, title and
 * price, the distributor's name and the mini program code that carries their token. The page shows it; 保存到相册
 * draws it on a 2d canvas (off screen) and saves it, asking for the album permission again when it was refused.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { toast, toastSuccess } from '../../../../utils/wx';
import { posterStore, posterTarget } from '../../stores/poster';
import { drawPoster, posterPrice, savePoster } from '../../utils/poster-canvas';

ComponentWithStore({
  data: { saving: false },
  storeBindings: { store: posterStore, fields: ['poster', 'loading', 'error'], actions: {} },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void posterStore.load(posterTarget(query));
    },
    onRetry() {
      void posterStore.load(posterStore.target);
    },
    onPreviewCode() {
      const code = posterStore.poster?.image;
      if (code) void wx.previewImage({ urls: [code] });
    },
    /** The canvas node, or null where there is none (tests, an old base library). */
    canvasNode(): Promise<WechatMiniprogram.Canvas | null> {
      return new Promise((resolve) => {
        try {
          this.createSelectorQuery()
            .select('#poster-canvas')
            .fields({ node: true, size: true })
            .exec((res: Array<{ node?: WechatMiniprogram.Canvas } | null>) => resolve(res?.[0]?.node ?? null));
        } catch {
          resolve(null);
        }
      });
    },
    async onSave() {
      const poster = posterStore.poster;
      if (!poster || this.data.saving) return;
      this.setData({ saving: true });
      try {
        const canvas = await this.canvasNode();
        if (!canvas) {
          toast('当前微信版本不支持保存海报，请截图分享');
          return;
        }
        await drawPoster(
          canvas,
          {
            image: poster.product?.image ?? '',
            title: poster.product?.title ?? '好物小店 · 精选好物，每日上新',
            priceText: poster.product ? posterPrice(poster.product.price) : '',
            code: poster.image,
            nickname: poster.distributor.nickname,
          },
          wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2,
        );
        const result = await savePoster(canvas);
        if (result === 'saved') toastSuccess('已保存到相册');
        else if (result === 'failed') toast('保存失败，请稍后重试');
        else {
          const answer = await wx.showModal({ title: '需要相册权限', content: '保存海报需要你允许保存到相册', confirmText: '去设置' });
          if (answer.confirm) void wx.openSetting({});
        }
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
