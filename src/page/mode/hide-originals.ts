/**
 * "Hide originals until stylized": pictures waiting for their turn are made
 * transparent (layout untouched), so the original never flashes before its
 * repainted version. A constructed stylesheet, adopted by the document and
 * each shadow root: no <style> element in the DOM, and no page CSP applies.
 */
// A pending picture that already shows its first look (#21) is Brushwork's painting, not the original: shown.
// A video is never hidden (#27): one that waits for a press of play stays pending, and must stay playable.
const RULE = '[data-brushwork="pending"]:not([data-brushwork-first-look]):not(video) { opacity: 0 !important; }';

export class HideOriginals {
  private sheet: CSSStyleSheet | null = null;
  private readonly adopted = new Set<Document | ShadowRoot>();

  on(): void {
    if (this.sheet) return;
    this.sheet = new CSSStyleSheet();
    this.sheet.replaceSync(RULE);
    this.adopt(document);
  }

  adopt(root: Document | ShadowRoot): void {
    if (!this.sheet || this.adopted.has(root)) return;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
    this.adopted.add(root);
  }

  off(): void {
    const sheet = this.sheet;
    if (!sheet) return;
    for (const root of this.adopted) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
    this.adopted.clear();
    this.sheet = null;
  }
}
