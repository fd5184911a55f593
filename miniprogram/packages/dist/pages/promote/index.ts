/**
 * 推广商品: the products a distributor can promote, each with what one sale earns them ("赚 ¥x", dist.promote).
 * 分享 sends the product's card with the distributor's token (open-type=share); 海报 opens the product's poster.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import { shareStore } from '../../../../stores/share';
import type { DatasetEvent } from '../../../../utils/events';
import type { PromoteItem } from '../../services/dist';
import { promoteList } from '../../stores/lists';

const unbind = new WeakMap<object, () => void>();

const toCard = (p: PromoteItem) => ({ id: p.id, title: p.title, image: p.image, price: p.price.min, earn: p.earn, sales: p.sales });

interface ShareEvent {
  from: 'button' | 'menu';
  target?: { dataset?: { id?: string; title?: string; image?: string } };
}

ComponentWithStore({
  data: { products: [] as ReturnType<typeof toCard>[] },
  storeBindings: { store: promoteList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, promoteList, 'products', toCard));
      void promoteList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onPullDownRefresh() {
      void promoteList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void promoteList.loadMore();
    },
    onPoster(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/dist/pages/poster/index?type=product&id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onOpen(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/goods/pages/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onShareAppMessage(e: ShareEvent) {
      const data = e.from === 'button' ? e.target?.dataset : undefined;
      if (data?.id) return shareStore.shareFor({ type: 'product', id: data.id }, data.title ?? '发现一件好物', data.image);
      return shareStore.shareFor({ type: 'home' }, '好物小店：精选好物，每日上新');
    },
  },
});
