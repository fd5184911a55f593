/** A product in a list: image, title, price range, sales. Tapping opens its detail page. */
import type { ProductSummary } from '../../../typings/api';

Component({
  properties: {
    product: { type: Object, value: {} },
    /** grid: image on top (two columns); row: image left (single column) */
    layout: { type: String, value: 'grid' },
  },
  methods: {
    onTap() {
      const product = this.data.product as ProductSummary;
      if (!product.id) return;
      wx.navigateTo({ url: `/packages/goods/pages/detail/index?id=${encodeURIComponent(product.id)}` });
    },
  },
});
