/** Database document shapes (never sent to clients as they are). */
import type { Doc } from '../ports/store';

export interface CategoryRecord extends Doc {
  name: string;
  parentId: string | null;
  icon: string | null;
  sort: number;
}

export interface ProductRecord extends Doc {
  categoryId: string;
  /** The category and its ancestors, root first: a category's feed is one indexed "array contains" query. */
  categoryPath: string[];
  title: string;
  subtitle: string;
  images: string[];
  description: string;
  onSale: boolean;
  sort: number;
  sales: number;
  /** Spec names in display order. */
  specNames: string[];
  priceMin: number;
  priceMax: number;
  originalPrice: number | null;
  /** Search tokens (domain/catalog searchTokens) over title, subtitle and category names. */
  keywords: string[];
  createdAt: number;
  updatedAt: number;
}

export interface SkuRecord extends Doc {
  productId: string;
  specs: Record<string, string>;
  price: number;
  originalPrice: number | null;
  stock: number;
  sort: number;
}

export interface UserRecord extends Doc {
  /** _id is the openid */
  nickname: string;
  avatar: string | null;
  roles: string[];
  createdAt: number;
}

export interface SettingRecord extends Doc {
  value: unknown;
}
