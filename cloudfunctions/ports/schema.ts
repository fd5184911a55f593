/**
 * Every collection and index, declared once. The PG adapter creates tables and expression indexes from this;
 * `npm run db:plan` prints what to create in a real cloud environment.
 */

export type CloudPermission = 'ADMINONLY' | 'READONLY' | 'PRIVATE' | 'ADMINWRITE';

export interface IndexSpec {
  name: string;
  fields: Array<[string, 'asc' | 'desc']>;
  unique?: boolean;
  /** 'array': the field holds an array queried with cond.has (GIN index in PostgreSQL). */
  kind?: 'btree' | 'array';
}

export interface CollectionSpec {
  name: string;
  description: string;
  /** Recommended client permission. Everything goes through cloud functions, so clients need none. */
  permission: CloudPermission;
  indexes: IndexSpec[];
}

export const COLLECTIONS: CollectionSpec[] = [
  {
    name: 'categories',
    description: 'Catalogue categories (two levels via parentId)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'parent_sort', fields: [['parentId', 'asc'], ['sort', 'asc']] }],
  },
  {
    name: 'products',
    description: 'Products: title, images, price range, search tokens; SKUs and stock live in skus',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'onsale_sort', fields: [['onSale', 'asc'], ['sort', 'desc']] },
      { name: 'category_path', fields: [['categoryPath', 'asc']], kind: 'array' },
      { name: 'keywords', fields: [['keywords', 'asc']], kind: 'array' },
    ],
  },
  {
    name: 'skus',
    description: 'One document per SKU: price and stock (the hot row for guarded stock updates)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'product', fields: [['productId', 'asc']] }],
  },
  {
    name: 'users',
    description: 'One document per openid (_id = openid): roles and profile',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'settings',
    description: 'Shop settings, one document per key',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'kv_test',
    description: 'Scratch collection used by the store contract tests only',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'uniq_owner_key', fields: [['owner', 'asc'], ['key', 'asc']], unique: true },
      { name: 'n', fields: [['n', 'asc']] },
    ],
  },
];

export const COLLECTION_NAMES: ReadonlySet<string> = new Set(COLLECTIONS.map((c) => c.name));

export function collectionSpec(name: string): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.name === name);
}
