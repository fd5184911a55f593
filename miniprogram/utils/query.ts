/** Page query helpers. Pure, no wx. */

/**
 * The product id a detail page was opened for: `?id=...` from a link or share card, or the `scene` of a
 * mini program code (wxacode.getUnlimited), which arrives URI-encoded and is either `id=...&k=v` or the id itself.
 */
export function productIdFromQuery(query: Record<string, string | undefined>): string | null {
  const id = query.id;
  if (id) return safeDecode(id);
  const scene = query.scene;
  if (!scene) return null;
  const decoded = safeDecode(scene);
  if (!decoded.includes('=')) return decoded || null;
  for (const part of decoded.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === 'id') return part.slice(eq + 1) || null;
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
