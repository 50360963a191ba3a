/**
 * Exact restore. Before touching an element we record every attribute we may
 * change (value or absence); taking back (img-target.ts) writes them back where
 * our value is still in place. Existing attributes are overwritten in place,
 * never removed and re-added, so the serialized DOM keeps its attribute order
 * and comes back byte for byte.
 */
export type AttrSnapshot = Map<string, string | null>;

export function snapshotAttrs(el: Element, names: readonly string[]): AttrSnapshot {
  return new Map(names.map((n) => [n, el.getAttribute(n)]));
}
