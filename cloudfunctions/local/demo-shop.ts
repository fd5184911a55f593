/**
 * The demo shop: a small but believable storefront to click through in WeChat DevTools.
 *
 * Seeded through the fixture format (see ./fixture.ts). Money is integer fen. Images are placeholder SVGs
 * rendered by the local cloud (`/static/img/<slug>.svg?bg=<hex6>&t=<label>`, see ./placeholder-image.ts).
 * Category `sort` is ascending (parent_sort index); product `sort` is descending (higher shows first).
 */
import type { FixtureInput } from './fixture';

type Category = NonNullable<FixtureInput['categories']>[number];
type Product = NonNullable<FixtureInput['products']>[number];
type Sku = Product['skus'][number];

/** A placeholder image path served by the local cloud. `bg` is 6 hex digits without '#'. */
function img(slug: string, bg: string, label: string): string {
  return `/static/img/${slug}.svg?bg=${bg}&t=${encodeURIComponent(label)}`;
}

/** A category shortcut icon: the label large on a coloured disc (placeholder `shape=circle`). */
function icon(slug: string, bg: string, label: string): string {
  return `${img(slug, bg, label)}&w=120&shape=circle`;
}

/** A wide placeholder (banners 750x300, detail pictures 750x560). */
function wide(slug: string, bg: string, label: string, h: number): string {
  return `${img(slug, bg, label)}&w=750&h=${h}`;
}

/** One spec axis of a product, e.g. 颜色: each option is [display value, id slug]. */
interface Axis {
  name: string;
  options: Array<[value: string, slug: string]>;
}

interface GridOptions {
  /** Price in fen for a combination (its option slugs, in axis order). */
  price: number | ((slugs: string[]) => number);
  /** Strike-through price in fen, if any. */
  originalPrice?: number | ((slugs: string[]) => number | undefined);
  /** Typical stock level; each SKU gets a stable variation around it. */
  stock?: number;
  /** Combinations that are sold out, as option slugs joined with '-' (e.g. 'white-xl'). */
  soldOut?: string[];
  /** Combinations that are nearly gone (stock 3). */
  low?: string[];
  /** The SKU's own picture for a combination (e.g. by its colour), if any. */
  image?: (slugs: string[]) => string | undefined;
}

/** A small stable string hash, so stock levels look varied but never change between seeds. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Every combination of the axes' options as a SKU: `sku-<slug>-<option slugs>`. */
function grid(slug: string, axes: Axis[], o: GridOptions): Sku[] {
  let combos: Array<Array<[string, string, string]>> = [[]];
  for (const axis of axes) {
    combos = combos.flatMap((c) => axis.options.map(([value, s]) => [...c, [axis.name, value, s] as [string, string, string]]));
  }
  const base = o.stock ?? 120;
  return combos.map((combo) => {
    const slugs = combo.map(([, , s]) => s);
    const key = slugs.join('-');
    const id = `sku-${slug}-${key}`;
    const price = typeof o.price === 'function' ? o.price(slugs) : o.price;
    const originalPrice = typeof o.originalPrice === 'function' ? o.originalPrice(slugs) : o.originalPrice;
    const stock = o.soldOut?.includes(key) ? 0 : o.low?.includes(key) ? 3 : Math.max(5, Math.round(base * (0.6 + (hash(id) % 80) / 100)));
    const sku: Sku = { id, specs: Object.fromEntries(combo.map(([name, value]) => [name, value])), price, stock };
    if (originalPrice !== undefined) sku.originalPrice = originalPrice;
    const image = o.image?.(slugs);
    if (image !== undefined) sku.image = image;
    return sku;
  });
}

/** The only SKU of a product without specs. */
function single(slug: string, price: number, stock: number, originalPrice?: number): Sku[] {
  const sku: Sku = { id: `sku-${slug}`, specs: {}, price, stock };
  if (originalPrice !== undefined) sku.originalPrice = originalPrice;
  return [sku];
}

/** Picks a value by the option slug present in a combination. */
function by<T>(table: Record<string, T>, fallback?: T): (slugs: string[]) => T {
  return (slugs) => {
    for (const s of slugs) if (s in table) return table[s];
    if (fallback === undefined) throw new Error(`no value for ${slugs.join('-')}`);
    return fallback;
  };
}

const categories: Category[] = [
  { id: 'cat-digital', name: '数码配件', parentId: null, sort: 10, icon: icon('cat-digital', '3b82f6', '数码') },
  { id: 'cat-digital-audio', name: '耳机音箱', parentId: 'cat-digital', sort: 11, icon: icon('cat-digital-audio', '2563eb', '耳机') },
  { id: 'cat-digital-charge', name: '充电配件', parentId: 'cat-digital', sort: 12, icon: icon('cat-digital-charge', '0ea5e9', '充电') },

  { id: 'cat-home', name: '居家生活', parentId: null, sort: 20, icon: icon('cat-home', 'd97706', '居家') },
  { id: 'cat-home-kitchen', name: '厨房餐具', parentId: 'cat-home', sort: 21, icon: icon('cat-home-kitchen', 'b45309', '厨房') },
  { id: 'cat-home-textile', name: '家纺收纳', parentId: 'cat-home', sort: 22, icon: icon('cat-home-textile', 'f59e0b', '家纺') },

  { id: 'cat-food', name: '食品饮料', parentId: null, sort: 30, icon: icon('cat-food', 'ea580c', '美食') },
  { id: 'cat-food-snack', name: '休闲零食', parentId: 'cat-food', sort: 31, icon: icon('cat-food-snack', 'f97316', '零食') },
  { id: 'cat-food-drink', name: '茶饮冲调', parentId: 'cat-food', sort: 32, icon: icon('cat-food-drink', '65a30d', '茶饮') },

  { id: 'cat-beauty', name: '美妆个护', parentId: null, sort: 40, icon: icon('cat-beauty', 'db2777', '美妆') },
  { id: 'cat-beauty-skin', name: '面部护肤', parentId: 'cat-beauty', sort: 41, icon: icon('cat-beauty-skin', 'ec4899', '护肤') },
  { id: 'cat-beauty-care', name: '洗护清洁', parentId: 'cat-beauty', sort: 42, icon: icon('cat-beauty-care', '14b8a6', '洗护') },

  { id: 'cat-fashion', name: '服饰鞋包', parentId: null, sort: 50, icon: icon('cat-fashion', '7c3aed', '服饰') },
  { id: 'cat-fashion-tops', name: '上衣外套', parentId: 'cat-fashion', sort: 51, icon: icon('cat-fashion-tops', '8b5cf6', '上衣') },
  { id: 'cat-fashion-bags', name: '箱包配饰', parentId: 'cat-fashion', sort: 52, icon: icon('cat-fashion-bags', '6d28d9', '箱包') },
];

const products: Product[] = [
  // ---------------------------------------------------------------- 数码配件 / 耳机音箱
  {
    id: 'p-earbuds-pro',
    categoryId: 'cat-digital-audio',
    title: '声悦 Pro 主动降噪真无线蓝牙耳机',
    subtitle: '双馈降噪 · 单次续航 8 小时 · 无线充电盒',
    images: [img('earbuds-pro-1', '1f2937', '降噪耳机'), img('earbuds-pro-2', 'e5e7eb', '云雾白'), img('earbuds-pro-3', '6ee7b7', '薄荷绿')],
    description: '入耳检测、双设备连接，通勤地铁里也能安静听歌。配合充电盒总续航约 30 小时，支持无线充电。附赠 S/M/L 三种尺寸耳塞。',
    sort: 300,
    sales: 2386,
    skus: grid('earbuds-pro', [{ name: '颜色', options: [['曜石黑', 'black'], ['云雾白', 'white'], ['薄荷绿', 'mint']] }], {
      price: 29900,
      originalPrice: 39900,
      stock: 200,
      soldOut: ['mint'],
    }),
  },
  {
    id: 'p-speaker-mini',
    categoryId: 'cat-digital-audio',
    title: '随身小钢炮便携蓝牙音箱 IPX7 防水',
    subtitle: '掌心大小 · 户外露营好搭档',
    images: [img('speaker-mini-1', 'f97316', '蓝牙音箱'), img('speaker-mini-2', '0f766e', '松石绿')],
    description: '巴掌大的机身配有 5W 全频单元，低音饱满不破音。IPX7 防水设计，淋雨、溅水都不怕。自带挂绳，可挂在背包或帐篷上。',
    sort: 220,
    sales: 964,
    skus: grid('speaker-mini', [{ name: '颜色', options: [['活力橙', 'orange'], ['松石绿', 'teal'], ['石墨灰', 'gray']] }], {
      price: 12900,
      originalPrice: 15900,
      stock: 80,
      low: ['teal'],
    }),
  },
  {
    id: 'p-headphone-studio',
    categoryId: 'cat-digital-audio',
    title: '录音室级头戴式监听耳机',
    subtitle: '50mm 动圈单元 · 可折叠收纳',
    images: [img('headphone-studio-1', '111827', '监听耳机'), img('headphone-studio-2', '9ca3af', '月光银'), img('headphone-studio-3', '374151', '折叠收纳')],
    description: '声音还原平直自然，适合剪视频、练琴和日常听音乐。蛋白皮耳罩柔软贴合，长时间佩戴也不易压耳。无线版支持蓝牙 5.3，同时保留 3.5mm 有线接口。',
    sort: 180,
    sales: 412,
    skus: grid(
      'headphone-studio',
      [
        { name: '颜色', options: [['经典黑', 'black'], ['月光银', 'silver']] },
        { name: '版本', options: [['有线版', 'wired'], ['无线版', 'wireless']] },
      ],
      { price: by({ wired: 39900, wireless: 59900 }), originalPrice: by({ wired: 45900, wireless: 69900 }), stock: 40, soldOut: ['silver-wireless'] },
    ),
  },
  // ---------------------------------------------------------------- 数码配件 / 充电配件
  {
    id: 'p-gan-charger',
    categoryId: 'cat-digital-charge',
    title: '65W 氮化镓三口快充充电器 2C1A',
    subtitle: '一个头充手机、平板和笔记本',
    images: [img('gan-charger-1', 'f3f4f6', '65W 快充'), img('gan-charger-2', '1f2937', '曜石黑')],
    description: '两个 USB-C 口加一个 USB-A 口，可同时为三台设备充电。折叠插脚，比传统笔记本适配器小一半，出差放口袋里就行。',
    sort: 260,
    sales: 3120,
    skus: grid('gan-charger', [{ name: '颜色', options: [['云雾白', 'white'], ['曜石黑', 'black']] }], {
      price: 14900,
      originalPrice: 19900,
      stock: 300,
    }),
  },
  {
    id: 'p-cable-braided',
    categoryId: 'cat-digital-charge',
    title: '编织快充数据线 USB-C 转 USB-C 100W',
    subtitle: '耐弯折 2 万次 · 支持笔记本快充',
    images: [img('cable-braided-1', '64748b', '编织数据线'), img('cable-braided-2', '1d4ed8', '深海蓝')],
    description: '尼龙编织线身，经得起日常反复弯折。支持最高 100W 功率传输，手机、平板、笔记本通用。',
    sort: 140,
    sales: 5870,
    skus: grid(
      'cable-braided',
      [
        { name: '长度', options: [['1 米', '1m'], ['2 米', '2m']] },
        { name: '颜色', options: [['太空灰', 'gray'], ['深海蓝', 'blue']] },
      ],
      { price: by({ '1m': 2900, '2m': 3900 }), stock: 500, soldOut: ['2m-blue'] },
    ),
  },
  {
    id: 'p-powerbank-slim',
    categoryId: 'cat-digital-charge',
    title: '10000mAh 超薄磁吸无线充电宝',
    subtitle: '吸上就充 · 机身仅 1.2cm 厚',
    images: [img('powerbank-slim-1', 'a78bfa', '磁吸充电宝'), img('powerbank-slim-2', 'f5f5f4', '奶白色'), img('powerbank-slim-3', '0f172a', '午夜黑')],
    description: '磁吸对位，贴在手机背面即可无线充电，边充边玩也不碍手。同时支持 20W USB-C 有线快充，可为充电宝自身和其他设备充电。',
    sort: 240,
    sales: 1845,
    skus: grid('powerbank-slim', [{ name: '颜色', options: [['薰衣草紫', 'lavender'], ['奶白色', 'cream'], ['午夜黑', 'black']] }], {
      price: 15900,
      originalPrice: 19900,
      stock: 150,
      soldOut: ['lavender'],
      low: ['black'],
    }),
  },

  // ---------------------------------------------------------------- 居家生活 / 厨房餐具
  {
    id: 'p-ceramic-mug',
    categoryId: 'cat-home-kitchen',
    title: '手作粗陶马克杯 350ml',
    subtitle: '窑变釉色 · 每一只都略有不同',
    images: [img('ceramic-mug-1', '7dd3fc', '粗陶马克杯'), img('ceramic-mug-2', 'e7d7c1', '燕麦色'), img('ceramic-mug-3', '27272a', '墨黑')],
    description: '匠人手工拉坯成型，杯身带有自然的颗粒手感。釉面经高温烧制，可放入微波炉和洗碗机。早上一杯咖啡，下午一杯茶都合适。',
    sort: 200,
    sales: 1260,
    skus: grid('ceramic-mug', [{ name: '颜色', options: [['雾蓝', 'blue'], ['燕麦', 'oat'], ['墨黑', 'black']] }], {
      price: 4900,
      originalPrice: 6900,
      stock: 90,
      low: ['oat'],
    }),
  },
  {
    id: 'p-knife-set',
    categoryId: 'cat-home-kitchen',
    title: '德式不锈钢厨房刀具三件套 含刀座',
    subtitle: '主厨刀 + 多用刀 + 水果刀',
    images: [img('knife-set-1', '475569', '刀具三件套'), img('knife-set-2', 'a16207', '胡桃木刀座')],
    description: '一体锻造刀身，锋利耐用，切肉切菜都顺手。胡桃木刀座稳固防滑，摆在台面上也很好看。',
    sort: 120,
    sales: 318,
    skus: single('knife-set', 19900, 45, 25900),
  },
  {
    id: 'p-bento-box',
    categoryId: 'cat-home-kitchen',
    title: '耐热玻璃分格保鲜饭盒 可微波',
    subtitle: '带饭党必备 · 四面锁扣不漏汤',
    images: [img('bento-box-1', '86efac', '玻璃饭盒'), img('bento-box-2', '22c55e', '三格款')],
    description: '高硼硅玻璃盒身，可直接放进微波炉加热。硅胶密封圈配四面锁扣，装汤汁也不易洒漏。分格设计让饭菜互不串味。',
    sort: 110,
    sales: 2045,
    skus: grid(
      'bento-box',
      [
        { name: '规格', options: [['两格 640ml', '2grid'], ['三格 1040ml', '3grid']] },
        { name: '数量', options: [['单只装', 'x1'], ['两只装', 'x2']] },
      ],
      {
        price: (s) => ({ '2grid-x1': 3900, '2grid-x2': 6900, '3grid-x1': 4900, '3grid-x2': 8900 })[s.join('-')] ?? 3900,
        originalPrice: (s) => (s.includes('x2') ? undefined : s.includes('3grid') ? 5900 : 4900),
        stock: 160,
        soldOut: ['3grid-x2'],
      },
    ),
  },
  // ---------------------------------------------------------------- 居家生活 / 家纺收纳
  {
    id: 'p-cotton-towel',
    categoryId: 'cat-home-textile',
    title: '新疆长绒棉加厚毛巾浴巾',
    subtitle: '柔软吸水 · A 类标准可贴身',
    images: [img('cotton-towel-1', 'fde68a', '长绒棉毛巾'), img('cotton-towel-2', 'bae6fd', '天空蓝'), img('cotton-towel-3', 'f5f5f4', '象牙白')],
    description: '选用新疆长绒棉，毛圈蓬松，洗过多次依旧柔软。吸水速度快，擦头发、洗脸都舒服。',
    sort: 160,
    sales: 4310,
    skus: grid(
      'cotton-towel',
      [
        { name: '颜色', options: [['奶油黄', 'yellow'], ['天空蓝', 'blue'], ['象牙白', 'white']] },
        { name: '规格', options: [['毛巾 34×76cm', 'face'], ['浴巾 70×140cm', 'bath']] },
      ],
      { price: by({ face: 3900, bath: 8900 }), originalPrice: by({ face: 4900, bath: 11900 }), stock: 260, soldOut: ['blue-bath'], low: ['white-bath'] },
    ),
  },
  {
    id: 'p-storage-box',
    categoryId: 'cat-home-textile',
    title: '可折叠棉麻布艺收纳箱 带盖',
    subtitle: '衣柜换季收纳 · 不用时折平',
    images: [img('storage-box-1', 'd6d3d1', '布艺收纳箱'), img('storage-box-2', '9ca3af', '浅灰色')],
    description: '棉麻面料搭配加厚纸板内衬，装满衣物也不变形。侧边有提手，搬动方便。不用时可以折平，几乎不占地方。',
    sort: 90,
    sales: 1533,
    skus: grid(
      'storage-box',
      [
        { name: '尺寸', options: [['小号 30L', 's'], ['中号 45L', 'm'], ['大号 66L', 'l']] },
        { name: '颜色', options: [['米白', 'beige'], ['浅灰', 'gray']] },
      ],
      { price: by({ s: 2900, m: 3900, l: 4900 }), stock: 200, soldOut: ['l-beige'] },
    ),
  },
  {
    id: 'p-linen-bedding',
    categoryId: 'cat-home-textile',
    title: '水洗棉床上四件套 被套床单枕套',
    subtitle: '越洗越软 · 自然褶皱肌理',
    images: [img('linen-bedding-1', 'e7d7c1', '水洗棉四件套'), img('linen-bedding-2', '93c5fd', '雾蓝'), img('linen-bedding-3', 'f9a8d4', '豆沙粉')],
    description: '水洗工艺让面料一开始就柔软亲肤，自然褶皱带来松弛的居家感。含被套、床单和两只枕套，床单四角有松紧设计不易跑位。',
    sort: 210,
    sales: 876,
    skus: grid(
      'linen-bedding',
      [
        { name: '尺寸', options: [['1.5m 床', '150'], ['1.8m 床', '180']] },
        { name: '颜色', options: [['燕麦', 'oat'], ['雾蓝', 'blue'], ['豆沙粉', 'pink']] },
      ],
      { price: by({ '150': 39900, '180': 45900 }), originalPrice: by({ '150': 59900, '180': 65900 }), stock: 50, soldOut: ['150-pink', '180-blue'] },
    ),
  },

  // ---------------------------------------------------------------- 食品饮料 / 休闲零食
  {
    id: 'p-mixed-nuts',
    categoryId: 'cat-food-snack',
    title: '每日坚果 混合果仁独立小包',
    subtitle: '6 种坚果果干 · 每天一小包',
    images: [img('mixed-nuts-1', 'b45309', '每日坚果'), img('mixed-nuts-2', 'fbbf24', '30 袋装')],
    description: '腰果、巴旦木、榛子、核桃仁搭配蔓越莓干和蓝莓干，酸甜酥脆。每包 25g 独立充氮包装，放在包里随时吃。',
    sort: 250,
    sales: 9832,
    skus: grid('mixed-nuts', [{ name: '规格', options: [['7 袋装', '7'], ['30 袋装', '30']] }], {
      price: by({ '7': 3990, '30': 12900 }),
      originalPrice: by({ '7': 4990, '30': 15900 }),
      stock: 600,
    }),
  },
  {
    id: 'p-beef-jerky',
    categoryId: 'cat-food-snack',
    title: '内蒙古风干牛肉干 手撕款',
    subtitle: '草原牛肉 · 越嚼越香',
    images: [img('beef-jerky-1', '7f1d1d', '风干牛肉干'), img('beef-jerky-2', 'dc2626', '香辣味'), img('beef-jerky-3', 'a16207', '五香味')],
    description: '精选牛后腿肉，按传统方法慢慢风干，肉质紧实有嚼劲。原味咸香，香辣味适合能吃辣的朋友。开袋即食，追剧、徒步都合适。',
    sort: 190,
    sales: 3421,
    skus: grid(
      'beef-jerky',
      [
        { name: '口味', options: [['原味', 'plain'], ['香辣', 'spicy'], ['五香', 'spiced']] },
        { name: '规格', options: [['100g', '100g'], ['250g', '250g']] },
      ],
      { price: by({ '100g': 3900, '250g': 8900 }), originalPrice: (s) => (s.includes('250g') ? 9900 : undefined), stock: 180, soldOut: ['spicy-250g'], low: ['spiced-100g'] },
    ),
  },
  {
    id: 'p-egg-rolls',
    categoryId: 'cat-food-snack',
    title: '手工鸡蛋卷 罐装礼盒 400g',
    subtitle: '鸡蛋黄油现烤 · 酥到掉渣',
    images: [img('egg-rolls-1', 'facc15', '鸡蛋卷'), img('egg-rolls-2', 'b91c1c', '礼盒装')],
    description: '用鲜鸡蛋和黄油调制面糊，小火逐根卷制，口感酥脆蛋香浓。铁罐密封包装，送长辈、送朋友都体面。',
    sort: 130,
    sales: 1578,
    skus: single('egg-rolls', 5900, 120, 6900),
  },
  // ---------------------------------------------------------------- 食品饮料 / 茶饮冲调
  {
    id: 'p-drip-coffee',
    categoryId: 'cat-food-drink',
    title: '精品挂耳咖啡 中深烘焙 10g/包',
    subtitle: '现磨风味 · 办公室三分钟一杯',
    images: [img('drip-coffee-1', '78350f', '挂耳咖啡'), img('drip-coffee-2', 'c2410c', '埃塞俄比亚'), img('drip-coffee-3', '166534', '云南保山')],
    description: '单一产区生豆小批量烘焙，研磨后立即充氮封装。撕开挂在杯上，注入 90℃ 左右热水即可。哥伦比亚偏坚果巧克力，埃塞俄比亚带花果香。',
    sort: 230,
    sales: 6120,
    skus: grid(
      'drip-coffee',
      [
        { name: '风味', options: [['哥伦比亚', 'colombia'], ['埃塞俄比亚', 'ethiopia'], ['云南保山', 'yunnan']] },
        { name: '规格', options: [['10 包', '10'], ['30 包', '30']] },
      ],
      { price: by({ '10': 3900, '30': 9900 }), originalPrice: by({ '10': 4900, '30': 12900 }), stock: 240, soldOut: ['ethiopia-30'] },
    ),
  },
  {
    id: 'p-oolong-tea',
    categoryId: 'cat-food-drink',
    title: '高山乌龙茶 清香型 罐装',
    subtitle: '海拔 1000 米茶园 · 兰花香回甘',
    images: [img('oolong-tea-1', '4d7c0f', '高山乌龙'), img('oolong-tea-2', 'a3e635', '清香型')],
    description: '春季采摘一芽二三叶，轻发酵保留清新花香。冲泡后汤色金黄透亮，入口顺滑有回甘。一泡可续水五到七次。',
    sort: 150,
    sales: 742,
    skus: grid('oolong-tea', [{ name: '规格', options: [['125g 罐装', '125g'], ['250g 双罐', '250g']] }], {
      price: by({ '125g': 8800, '250g': 16800 }),
      originalPrice: by({ '125g': 9800, '250g': 19600 }),
      stock: 70,
    }),
  },
  {
    id: 'p-oat-milk',
    categoryId: 'cat-food-drink',
    title: '咖啡大师燕麦奶 1L×6 整箱',
    subtitle: '易打奶泡 · 植物基饮品',
    images: [img('oat-milk-1', 'fef3c7', '燕麦奶'), img('oat-milk-2', '0284c7', '低糖款')],
    description: '专为咖啡调配，打发后奶泡绵密细腻，做拿铁很合适。直接冷饮也清爽顺口。开封后请冷藏并尽快饮用。',
    sort: 100,
    sales: 2210,
    skus: grid('oat-milk', [{ name: '口味', options: [['原味', 'original'], ['低糖', 'lowsugar']] }], {
      price: 8900,
      originalPrice: 10800,
      stock: 100,
      soldOut: ['lowsugar'],
    }),
  },
  {
    id: 'p-mooncake-gift',
    categoryId: 'cat-food-snack',
    title: '中秋流心奶黄月饼礼盒 6 枚装',
    subtitle: '季节限定 · 已下架',
    images: [img('mooncake-gift-1', '991b1b', '月饼礼盒'), img('mooncake-gift-2', 'ca8a04', '流心奶黄')],
    description: '经典流心奶黄口味，加热十秒即可流心。节日限定款，今年已售罄下架，明年中秋再见。',
    onSale: false,
    sort: 10,
    sales: 1890,
    skus: single('mooncake-gift', 16800, 0, 19800),
  },

  // ---------------------------------------------------------------- 美妆个护 / 面部护肤
  {
    id: 'p-hydra-serum',
    categoryId: 'cat-beauty-skin',
    title: '玻尿酸水润保湿精华液',
    subtitle: '质地清透 · 上脸不黏腻',
    images: [img('hydra-serum-1', '38bdf8', '保湿精华'), img('hydra-serum-2', 'e0f2fe', '50ml 大瓶')],
    description: '多重分子玻尿酸搭配植物保湿成分，为肌肤补充水分。水感质地吸收快，适合在爽肤水之后、乳液之前使用。',
    sort: 270,
    sales: 2987,
    skus: grid('hydra-serum', [{ name: '容量', options: [['30ml', '30ml'], ['50ml', '50ml']] }], {
      price: by({ '30ml': 15900, '50ml': 23900 }),
      originalPrice: by({ '30ml': 19900, '50ml': 29900 }),
      stock: 130,
      low: ['50ml'],
    }),
  },
  {
    id: 'p-sunscreen-gel',
    categoryId: 'cat-beauty-skin',
    title: '清爽水感防晒乳 SPF50+ PA++++ 50ml',
    subtitle: '轻薄不泛白 · 日常通勤户外都适用',
    images: [img('sunscreen-gel-1', 'fcd34d', '水感防晒'), img('sunscreen-gel-2', 'fb923c', '清爽不黏')],
    description: '乳液质地推开即化，成膜后清爽不黏。建议出门前 15 分钟涂抹，长时间户外活动请及时补涂。',
    sort: 170,
    sales: 4105,
    skus: single('sunscreen-gel', 12900, 210, 15900),
  },
  {
    id: 'p-sheet-mask',
    categoryId: 'cat-beauty-skin',
    title: '天丝蚕丝补水面膜',
    subtitle: '服帖轻薄 · 精华液满满一袋',
    images: [img('sheet-mask-1', 'f0abfc', '补水面膜'), img('sheet-mask-2', 'c084fc', '20 片装')],
    description: '天丝膜布轻薄透气，贴合面部轮廓。每片敷 15 分钟左右，揭下后轻拍至精华吸收即可。',
    sort: 145,
    sales: 7342,
    skus: grid('sheet-mask', [{ name: '规格', options: [['5 片装', '5'], ['10 片装', '10'], ['20 片装', '20']] }], {
      price: by({ '5': 4900, '10': 8900, '20': 15900 }),
      originalPrice: by({ '5': 5900, '10': 11800, '20': 23600 }),
      stock: 300,
      soldOut: ['20'],
    }),
  },
  // ---------------------------------------------------------------- 美妆个护 / 洗护清洁
  {
    id: 'p-amino-shampoo',
    categoryId: 'cat-beauty-care',
    title: '氨基酸温和洗发水 无硅油',
    subtitle: '泡沫细腻 · 洗后蓬松柔顺',
    images: [img('amino-shampoo-1', '5eead4', '氨基酸洗发水'), img('amino-shampoo-2', 'fdba74', '柑橘香'), img('amino-shampoo-3', 'e5e7eb', '无香型')],
    description: '氨基酸表活配方，清洁力温和，适合每天洗发。白茶香清新淡雅，柑橘香明亮活泼，也有无香型可选。',
    sort: 155,
    sales: 3650,
    skus: grid(
      'amino-shampoo',
      [
        { name: '香型', options: [['白茶', 'tea'], ['柑橘', 'citrus'], ['无香', 'unscented']] },
        { name: '容量', options: [['500ml', '500ml'], ['1L 家庭装', '1l']] },
      ],
      { price: by({ '500ml': 5900, '1l': 9900 }), stock: 220, soldOut: ['unscented-1l'], low: ['citrus-1l'] },
    ),
  },
  {
    id: 'p-body-wash',
    categoryId: 'cat-beauty-care',
    title: '持久留香香氛沐浴露 600ml',
    subtitle: '沙龙调香 · 洗完一整天淡淡香',
    images: [img('body-wash-1', 'fda4af', '香氛沐浴露'), img('body-wash-2', '818cf8', '鸢尾雪松')],
    description: '由调香师调配的三款香型，前中后调层次分明。绵密泡沫冲洗干净，洗后肌肤清爽不紧绷。',
    sort: 125,
    sales: 2890,
    skus: grid('body-wash', [{ name: '香型', options: [['玫瑰白桃', 'rose'], ['鸢尾雪松', 'iris'], ['海盐青柠', 'sea']] }], {
      price: 6900,
      originalPrice: 8900,
      stock: 180,
    }),
  },
  {
    id: 'p-electric-toothbrush',
    categoryId: 'cat-beauty-care',
    title: '声波电动牙刷 五档模式 续航 60 天',
    subtitle: '软毛刷头 · 附赠 3 支替换装',
    images: [img('electric-toothbrush-1', 'f1f5f9', '电动牙刷'), img('electric-toothbrush-2', 'fb7185', '樱花粉')],
    description: '每分钟约 38000 次声波振动，五档模式可按喜好切换。两分钟智能计时，每 30 秒提示换区。充满电约可使用 60 天。',
    sort: 205,
    sales: 1687,
    skus: grid('electric-toothbrush', [{ name: '颜色', options: [['珍珠白', 'white'], ['樱花粉', 'pink'], ['石墨黑', 'black']] }], {
      price: 19900,
      originalPrice: 29900,
      stock: 110,
      soldOut: ['black'],
    }),
  },

  // ---------------------------------------------------------------- 服饰鞋包 / 上衣外套
  {
    id: 'p-cotton-tee',
    categoryId: 'cat-fashion-tops',
    title: '260g 重磅纯棉圆领短袖 T 恤 男女同款',
    subtitle: '厚实不透 · 落肩宽松版型',
    images: [img('cotton-tee-1', 'fafafa', '重磅T恤'), img('cotton-tee-2', '18181b', '经典黑'), img('cotton-tee-3', '9ca3af', '麻灰')],
    description: '260g 精梳棉面料，厚实挺括，浅色也不透。领口加密罗纹，多次洗涤不易变形。建议按平时尺码选择，想要更宽松可大一码。',
    detailImages: [
      wide('cotton-tee-d1', 'f5f5f4', '260g 精梳棉面料', 560),
      wide('cotton-tee-d2', '57534e', '加密罗纹领口 不易变形', 560),
      wide('cotton-tee-d3', 'e7e5e4', '尺码 S-XL 可选', 560),
    ],
    sort: 290,
    sales: 8126,
    skus: grid(
      'cotton-tee',
      [
        { name: '颜色', options: [['本白', 'white'], ['经典黑', 'black'], ['麻灰', 'gray']] },
        { name: '尺码', options: [['S', 's'], ['M', 'm'], ['L', 'l'], ['XL', 'xl']] },
      ],
      {
        price: 7900, originalPrice: 9900, stock: 150, soldOut: ['white-xl', 'black-s', 'gray-l'], low: ['black-m'],
        image: by({ white: img('cotton-tee-1', 'fafafa', '本白'), black: img('cotton-tee-2', '18181b', '经典黑'), gray: img('cotton-tee-3', '9ca3af', '麻灰') }),
      },
    ),
  },
  {
    id: 'p-knit-cardigan',
    categoryId: 'cat-fashion-tops',
    title: '软糯针织开衫 V 领长袖外套',
    subtitle: '空调房通勤 · 叠穿不臃肿',
    images: [img('knit-cardigan-1', 'f5f5dc', '针织开衫'), img('knit-cardigan-2', 'd6b48a', '燕麦色'), img('knit-cardigan-3', '1e3a8a', '藏青')],
    description: '混纺纱线触感软糯，贴身穿也不扎。V 领设计修饰脸型，搭配 T 恤或衬衫都好看。建议冷水手洗或装洗衣袋轻柔洗。',
    sort: 175,
    sales: 1208,
    skus: grid(
      'knit-cardigan',
      [
        { name: '颜色', options: [['米白', 'ivory'], ['燕麦', 'oat'], ['藏青', 'navy']] },
        { name: '尺码', options: [['S', 's'], ['M', 'm'], ['L', 'l']] },
      ],
      { price: 15900, originalPrice: 22900, stock: 60, soldOut: ['oat-s', 'navy-l'] },
    ),
  },
  {
    id: 'p-fleece-hoodie',
    categoryId: 'cat-fashion-tops',
    title: '加绒加厚连帽卫衣 冬季款',
    subtitle: '换季下架 · 入冬再上新',
    images: [img('fleece-hoodie-1', '4b5563', '加绒卫衣'), img('fleece-hoodie-2', '65a30d', '橄榄绿')],
    description: '内里摇粒绒加厚，保暖蓬松。下摆和袖口罗纹收口，冷风不易钻入。当前为换季下架状态。',
    onSale: false,
    sort: 20,
    sales: 2473,
    skus: grid(
      'fleece-hoodie',
      [
        { name: '颜色', options: [['炭灰', 'gray'], ['橄榄绿', 'olive']] },
        { name: '尺码', options: [['M', 'm'], ['L', 'l'], ['XL', 'xl']] },
      ],
      { price: 16900, originalPrice: 19900, stock: 30, soldOut: ['olive-xl'] },
    ),
  },
  // ---------------------------------------------------------------- 服饰鞋包 / 箱包配饰
  {
    id: 'p-canvas-tote',
    categoryId: 'cat-fashion-bags',
    title: '加厚帆布托特包 大容量通勤单肩包',
    subtitle: '放得下 14 寸电脑 · 内置拉链袋',
    images: [img('canvas-tote-1', 'e7e5e4', '帆布托特包'), img('canvas-tote-2', '14532d', '墨绿')],
    description: '16 安加厚帆布，包型挺括不塌。内部有拉链小袋和手机袋，钥匙耳机不乱跑。',
    sort: 135,
    sales: 2655,
    skus: grid('canvas-tote', [{ name: '颜色', options: [['米白', 'ivory'], ['墨绿', 'green'], ['焦糖', 'caramel']] }], {
      price: 5900,
      stock: 140,
      low: ['caramel'],
    }),
  },
  {
    id: 'p-commuter-backpack',
    categoryId: 'cat-fashion-bags',
    title: '城市通勤双肩包 防泼水 15.6 英寸',
    subtitle: '独立电脑仓 · USB 充电口',
    images: [img('commuter-backpack-1', '1f2937', '通勤双肩包'), img('commuter-backpack-2', '475569', '岩石灰'), img('commuter-backpack-3', '1e40af', '深海蓝')],
    description: '面料经防泼水处理，小雨天不用担心。电脑仓加厚防震，侧边有隐藏口袋放证件。背板透气，肩带可调节。',
    sort: 195,
    sales: 1432,
    skus: grid('commuter-backpack', [{ name: '颜色', options: [['曜石黑', 'black'], ['岩石灰', 'gray'], ['深海蓝', 'blue']] }], {
      price: 22900,
      originalPrice: 29900,
      stock: 75,
      soldOut: ['blue'],
    }),
  },
  {
    id: 'p-carry-on',
    categoryId: 'cat-fashion-bags',
    title: 'PC 铝框拉杆箱 静音万向轮',
    subtitle: '20 寸可登机 · TSA 海关锁',
    images: [img('carry-on-1', 'cbd5e1', '铝框拉杆箱'), img('carry-on-2', 'fca5a5', '樱花粉'), img('carry-on-3', '334155', '深空灰')],
    description: '铝合金边框搭配 PC 箱体，轻巧又抗压。双排静音万向轮，推行平稳安静。20 寸符合多数航司登机尺寸要求，24 寸适合一周出行。',
    sort: 185,
    sales: 689,
    skus: grid(
      'carry-on',
      [
        { name: '颜色', options: [['银色', 'silver'], ['樱花粉', 'pink'], ['深空灰', 'gray']] },
        { name: '尺寸', options: [['20 寸', '20'], ['24 寸', '24']] },
      ],
      { price: by({ '20': 49900, '24': 59900 }), originalPrice: by({ '20': 69900, '24': 79900 }), stock: 35, soldOut: ['pink-24', 'silver-20'] },
    ),
  },
];

export const DEMO_SHOP: FixtureInput = {
  categories,
  products,
  users: [
    { openid: 'dev-shopper', nickname: '小明', avatar: img('avatar-shopper', '60a5fa', '小明') },
    { openid: 'dev-distributor', nickname: '小红', avatar: img('avatar-distributor', 'f472b6', '小红'), roles: ['distributor'], level: 'gold' },
    { openid: 'dev-merchant', nickname: '店长', avatar: img('avatar-merchant', 'f59e0b', '店长'), roles: ['merchant'] },
  ],
  settings: {
    shopName: '小满良品',
    shipping: { flatFee: 800, freeOver: 9900 },
    unpaidCloseMinutes: 30,
    // Distribution on: 小红 (dev-distributor, 金牌) shares links and posters; whoever enters through them is her customer.
    distribution: {
      enabled: true, autoApprove: false, bindMode: 'protected', protectDays: 15, newCustomersOnly: false, selfPurchase: false,
      tier1Bps: 1000, tier2Bps: 300, settleDays: 7, minWithdraw: 100, maxWithdrawalsPerDay: 3, payout: 'manual',
    },
    // Live: the 开播提醒 subscribe template (a sandbox id locally; the real one from 订阅消息 in the mini program admin),
    // the anchor WeChat id room/create needs, and the cover of rooms created without one.
    live: { reminderTemplateId: 'sandbox-live-reminder', anchorWechat: 'xiaoman_anchor', defaultCover: wide('live-cover', 'be123c', '小满直播间', 420) },
    // The shop's Channels (视频号) account, whose live state the home page shows.
    channels: { finderUserName: 'sphDemoXiaoman' },
    home: {
      banners: [
        { image: wide('banner-newcomer', 'e11d48', '新人领 ¥20 无门槛券', 300), link: '/packages/coupon/pages/center/index' },
        { image: wide('banner-earbuds', '1e3a8a', '降噪耳机 立减 ¥50', 300), link: '/packages/goods/pages/detail/index?id=p-earbuds-pro' },
        { image: wide('banner-tee', '292524', '重磅T恤 夏日上新', 300), link: '/packages/goods/pages/detail/index?id=p-cotton-tee' },
      ],
      notices: [
        { text: '领券中心上新：全场满 ¥199 减 ¥30', link: '/packages/coupon/pages/center/index' },
        { text: '全场满 ¥99 包邮，16 点前下单当天发货' },
      ],
    },
  },
  distributionLevels: [
    { id: 'silver', name: '银牌', tier1Bps: 1000, tier2Bps: 300 },
    { id: 'gold', name: '金牌', tier1Bps: 1500, tier2Bps: 500 },
  ],
  // Coupon center. Fixed windows are Asia/Shanghai: 2026-01-01 00:00 (1767196800000) .. 2027-12-31 23:59:59.999 (1830268799999).
  couponTemplates: [
    {
      id: 'c-newcomer-20', name: '新人专享 ¥20 无门槛券', kind: 'amount_off', threshold: 0, amountOff: 2000, scope: { type: 'all' },
      validDays: 7, total: 100_000, perUserLimit: 1, newUserOnly: true, sort: 10,
    },
    {
      id: 'c-all-199-30', name: '全场满 199 减 30', kind: 'amount_off', threshold: 19900, amountOff: 3000, scope: { type: 'all' },
      validFrom: 1767196800000, validTo: 1830268799999, total: 50_000, perUserLimit: 2, sort: 20,
    },
    {
      id: 'c-digital-90', name: '数码配件 9 折 最高减 50', kind: 'percent_off', threshold: 9900, discountBps: 1000, maxOff: 5000,
      scope: { type: 'categories', ids: ['cat-digital'] }, validDays: 30, total: 20_000, perUserLimit: 1, sort: 30,
    },
    {
      id: 'c-earbuds-50', name: '声悦 Pro 耳机立减 50', kind: 'amount_off', threshold: 0, amountOff: 5000,
      scope: { type: 'products', ids: ['p-earbuds-pro'] }, validFrom: 1767196800000, validTo: 1830268799999, total: 5_000, perUserLimit: 1, sort: 40,
    },
    {
      id: 'c-flash-299-100', name: '限量神券 满 299 减 100', kind: 'amount_off', threshold: 29900, amountOff: 10000, scope: { type: 'all' },
      validDays: 3, total: 10, perUserLimit: 1, sort: 50,
    },
    // Live: claimable only in a room that offers it while it is live; the lottery prize.
    {
      id: 'c-live-30', name: '直播专享 满 99 减 30', kind: 'amount_off', threshold: 9900, amountOff: 3000, scope: { type: 'all' },
      validDays: 3, total: 2_000, perUserLimit: 1, liveOnly: true, sort: 60,
    },
    {
      id: 'c-live-prize-100', name: '直播抽奖 ¥100 无门槛券', kind: 'amount_off', threshold: 0, amountOff: 10000, scope: { type: 'all' },
      validDays: 7, total: 20, perUserLimit: 1, liveOnly: true, sort: 70,
    },
  ],
  stores: [
    { id: 'store-hz', name: '小满良品 杭州湖滨店', city: '杭州', address: '上城区东坡路 7 号' },
    { id: 'store-sh', name: '小满良品 上海新天地店', city: '上海', address: '黄浦区马当路 245 号' },
  ],
  // Rooms relative to when the shop is seeded: one live now, one tonight, one that ended yesterday (its replay ready).
  liveRooms: [
    {
      roomId: 1001, name: '数码好物 降噪耳机专场', anchorName: '小满', cover: wide('live-digital', '1e3a8a', '数码好物直播', 420), storeId: 'store-hz',
      startOffsetMinutes: -25, durationMinutes: 120, explaining: 'p-earbuds-pro',
      goods: [
        { productId: 'p-earbuds-pro', livePrice: 24900 }, { productId: 'p-gan-charger', livePrice: 8900 }, { productId: 'p-speaker-mini' },
        { productId: 'p-cable-braided', livePrice: 1990 },
      ],
      coupons: ['c-live-30'],
    },
    {
      roomId: 1002, name: '秋冬上新 针织与卫衣', anchorName: '阿满', cover: wide('live-fashion', '7c3aed', '秋冬上新直播', 420), storeId: 'store-sh',
      startOffsetMinutes: 180, durationMinutes: 90,
      goods: [{ productId: 'p-knit-cardigan', livePrice: 13900 }, { productId: 'p-fleece-hoodie', livePrice: 12900 }],
    },
    {
      roomId: 1003, name: '茶饮零食 囤货节', anchorName: '小满', cover: wide('live-food', 'ea580c', '囤货节直播', 420), storeId: 'store-hz',
      startOffsetMinutes: -26 * 60, durationMinutes: 120, replayUrl: 'https://sandbox.live.local/replay/1003.mp4',
      goods: [{ productId: 'p-drip-coffee' }, { productId: 'p-mixed-nuts' }],
    },
  ],
};
