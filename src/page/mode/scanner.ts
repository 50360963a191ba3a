/**
 * Walks subtrees (and the shadow roots under them) in slices of a few
 * milliseconds: deciding whether an element shows a CSS background reads its
 * computed style, which is not free on a page of thousands of elements, and
 * the content script must never make a long task.
 */
const SLICE_MS = 8;

/** Firefox's content scripts see this property (a getter, not a method) on every element; not in the DOM's types. */
interface FirefoxContentElement extends HTMLElement {
  readonly openOrClosedShadowRoot?: ShadowRoot | null;
}

/**
 * Closed shadow roots are reachable only from content scripts, by a different
 * API in each browser: Chrome's `chrome.dom.openOrClosedShadowRoot(el)` (88+);
 * Firefox's `element.openOrClosedShadowRoot` (63+), a getter there, not a
 * method (calling it throws), given to content scripts instead of `dom`, which
 * Firefox lacks (Mozilla's addons-linter flags `dom.*` as unsupported). The
 * build-time `import.meta.env.FIREFOX` keeps each package to its own call.
 */
export function openShadow(el: Element): ShadowRoot | null {
  if (!(el instanceof HTMLElement)) return null;
  try {
    return closedOrOpenShadow(el) ?? el.shadowRoot;
  } catch {
    return el.shadowRoot; // not a valid shadow host
  }
}

function closedOrOpenShadow(el: HTMLElement): ShadowRoot | null | undefined {
  if (import.meta.env.FIREFOX) return (el as FirefoxContentElement).openOrClosedShadowRoot;
  return chrome.dom?.openOrClosedShadowRoot?.(el);
}

/**
 * Brushwork's own layers in the page (the Alt-to-compare original, the spinners and messages) are custom
 * elements named brushwork-*, in closed shadow roots that this walk reaches like any other: page mode took
 * the compare layer's original for a new picture and painted it, so Alt showed a painting, not the original.
 */
const isBrushworkLayer = (el: Element) => el.localName.startsWith('brushwork-');

export interface ScanVisitor {
  /** Called once per element reached. */
  element(el: Element): void;
  /** Called for every shadow root found on the way (before its children are walked). */
  shadowRoot(root: ShadowRoot): void;
}

function pushReversed(stack: Element[], children: HTMLCollection): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Element);
}

export class SlicedScanner {
  /** The walk in progress, a stack: its top is the next element in document order. */
  private stack: Element[] = [];
  /** Subtrees waiting for their walk, first come first served (added content waits behind the page's top). */
  private roots: Element[] = [];
  private scanning = false;
  private active = true;

  constructor(private readonly visit: ScanVisitor) {}

  queue(root: Element): void {
    this.roots.push(root);
    if (this.scanning) return;
    this.scanning = true;
    this.active = true;
    this.step();
  }

  stop(): void {
    this.active = false;
    this.stack = [];
    this.roots = [];
  }

  private next(): Element | undefined {
    if (!this.stack.length && this.roots.length) this.stack.push(this.roots.shift() as Element);
    return this.stack.pop();
  }

  private readonly step = (): void => {
    const until = performance.now() + SLICE_MS;
    while (this.active && performance.now() < until) {
      const el = this.next();
      if (!el) break;
      if (isBrushworkLayer(el)) continue; // and nothing under it
      this.visit.element(el);
      const shadow = openShadow(el);
      if (shadow) this.visit.shadowRoot(shadow);
      // Children go on the stack last-first, so the walk is in document order: a reader starts at the
      // top, and the top's pictures must not wait for the rest of a 20,000-element page.
      if (shadow) pushReversed(this.stack, shadow.children);
      pushReversed(this.stack, el.children);
    }
    if (this.active && (this.stack.length || this.roots.length)) setTimeout(this.step, 0);
    else this.scanning = false;
  };
}
