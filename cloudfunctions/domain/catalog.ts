/**
 * Catalogue rules: price ranges, the spec matrix of a product, and search tokens. Pure functions.
 */

export interface SkuLike {
  price: number;
  originalPrice?: number | null;
  stock: number;
  specs: Record<string, string>;
}

export interface PriceSummary {
  min: number;
  max: number;
  /** The cheapest SKU's original price when it is above its price, else null (what a list shows struck through). */
  originalPrice: number | null;
}

export function priceSummary(skus: readonly SkuLike[]): PriceSummary {
  if (skus.length === 0) throw new RangeError('a product needs at least one SKU');
  let cheapest = skus[0];
  let max = skus[0].price;
  for (const s of skus) {
    if (s.price < cheapest.price) cheapest = s;
    if (s.price > max) max = s.price;
  }
  const orig = cheapest.originalPrice ?? null;
  return { min: cheapest.price, max, originalPrice: orig !== null && orig > cheapest.price ? orig : null };
}

export interface SpecDimension {
  name: string;
  values: string[];
}

/**
 * The spec matrix: dimensions in the declared order (or the first SKU's key order), values in order of first
 * appearance. A single-SKU product without specs has no dimensions.
 */
export function specDimensions(skus: readonly SkuLike[], declaredOrder: readonly string[] = []): SpecDimension[] {
  const names: string[] = [...declaredOrder];
  for (const s of skus) for (const k of Object.keys(s.specs)) if (!names.includes(k)) names.push(k);
  return names
    .map((name) => {
      const values: string[] = [];
      for (const s of skus) {
        const v = s.specs[name];
        if (v !== undefined && !values.includes(v)) values.push(v);
      }
      return { name, values };
    })
    .filter((d) => d.values.length > 0);
}

/** "黑色 / L": spec values in the product's spec order (names it does not list follow in their own order). */
export function specText(specs: Record<string, string>, specNames: readonly string[] = []): string {
  const names = [...specNames.filter((n) => n in specs), ...Object.keys(specs).filter((n) => !specNames.includes(n))];
  return names.map((n) => specs[n]).join(' / ');
}

/** Problems that make a SKU list unusable for a picker: mismatched spec names or duplicate combinations. */
export function specProblems(skus: readonly SkuLike[]): string[] {
  const problems: string[] = [];
  if (skus.length === 0) return ['no SKUs'];
  const names = Object.keys(skus[0].specs).sort().join('|');
  const seen = new Set<string>();
  for (const s of skus) {
    if (Object.keys(s.specs).sort().join('|') !== names) problems.push('SKUs do not share the same spec names');
    const key = Object.keys(s.specs).sort().map((k) => `${k}=${s.specs[k]}`).join('&');
    if (seen.has(key)) problems.push(`duplicate spec combination ${key || '(none)'}`);
    seen.add(key);
  }
  return [...new Set(problems)];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const WORD = /[a-z0-9]/;

function runs(text: string): Array<{ cjk: boolean; s: string }> {
  const norm = text.normalize('NFKC').toLowerCase();
  const out: Array<{ cjk: boolean; s: string }> = [];
  let cur: { cjk: boolean; s: string } | null = null;
  for (const ch of norm) {
    const kind = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (kind === null) {
      cur = null;
      continue;
    }
    if (!cur || cur.cjk !== (kind === 'cjk')) {
      cur = { cjk: kind === 'cjk', s: '' };
      out.push(cur);
    }
    cur.s += ch;
  }
  return out;
}

/**
 * Tokens stored with a product so keyword search is an indexed "array contains" on both engines:
 * Chinese characters and character pairs; Latin/digit words and all their prefixes.
 */
export function searchTokens(text: string, max = 400): string[] {
  const tokens = new Set<string>();
  for (const r of runs(text)) {
    const chars = [...r.s];
    if (r.cjk) {
      for (let i = 0; i < chars.length; i++) {
        tokens.add(chars[i]);
        if (i + 1 < chars.length) tokens.add(chars[i] + chars[i + 1]);
      }
    } else {
      const w = chars.slice(0, 20);
      for (let n = 1; n <= w.length; n++) tokens.add(w.slice(0, n).join(''));
    }
  }
  return [...tokens].slice(0, max);
}

/** Tokens a keyword must all match: character pairs of Chinese runs (a lone character itself), words as prefixes. */
export function queryTokens(keyword: string, max = 8): string[] {
  const tokens: string[] = [];
  for (const r of runs(keyword)) {
    const chars = [...r.s];
    if (r.cjk) {
      if (chars.length === 1) tokens.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else {
      tokens.push(chars.slice(0, 20).join(''));
    }
  }
  return [...new Set(tokens)].slice(0, max);
}
