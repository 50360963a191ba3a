/**
 * Brushwork's own picture changes do not run the page's code (#30). Setting
 * an <img>'s src or srcset, ours or the page's own written back on restore,
 * fires `load` (or `error`) again, and a page's `onload="this.className +=
 * ' ob-show'"` or lazy-loader counter then runs once more per write: on, then
 * off, left `class="ob-show ob-show ob-show ob-show"` on a news page.
 *
 * Those events are stopped in the capture phase at the picture's root
 * (document or shadow root: `load` never reaches the window, and does not
 * leave a shadow root), before any listener on the element and its inline
 * handler. Only the event that answers Brushwork's last write is stopped: if
 * the page writes src/srcset itself meanwhile, the load is the page's and
 * goes through. A page listener capturing at its root before Brushwork's
 * content script was injected still sees the event (nothing can come first).
 * Brushwork's own waits for a picture use settled() here, which the stopped
 * events still reach.
 */

const WATCHED = ['src', 'srcset'] as const;

/** The src/srcset an <img> held right after Brushwork's write: its load is ours while they hold. */
const expected = new WeakMap<HTMLImageElement, string>();
const waiters = new WeakMap<HTMLImageElement, Set<() => void>>();
const guarded = new WeakSet<Node>();

/** What decides which picture an <img> loads: its own src/srcset and its <picture>'s sources. */
export function pictureSignature(img: HTMLImageElement): string {
  const own = WATCHED.map((a) => img.getAttribute(a) ?? '\u0000');
  const parent = img.parentElement;
  const sources =
    parent?.tagName === 'PICTURE'
      ? [...parent.children].filter((c) => c.tagName === 'SOURCE').map((s) => s.getAttribute('srcset') ?? '\u0000')
      : [];
  return [...own, ...sources].join('\u0001');
}

function stopOurs(e: Event): void {
  const img = e.target;
  if (!(img instanceof HTMLImageElement)) return;
  const sig = expected.get(img);
  if (sig === undefined) return;
  expected.delete(img);
  if (sig !== pictureSignature(img)) return; // the page wrote the picture since: this load is the page's
  e.stopImmediatePropagation();
  for (const w of [...(waiters.get(img) ?? [])]) w();
}

function guard(root: Node): void {
  if (guarded.has(root)) return;
  guarded.add(root);
  root.addEventListener('load', stopOurs, true);
  root.addEventListener('error', stopOurs, true);
}

/**
 * Brushwork has just written `img`'s picture (shown a result, or given the page's back) and `before` was
 * its signature before the write: the load that answers it is kept from the page. Nothing changed, no load.
 */
export function ownPictureWrite(img: HTMLImageElement, before: string): void {
  if (pictureSignature(img) === before) return;
  guard(img.getRootNode());
  expected.set(img, pictureSignature(img));
}

/** Calls `done` once, on the picture's next load or error, including those kept from the page. */
export function settled(img: HTMLImageElement, done: () => void): () => void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    cancel();
    done();
  };
  const set = waiters.get(img) ?? new Set<() => void>();
  waiters.set(img, set);
  set.add(once);
  img.addEventListener('load', once, { once: true });
  img.addEventListener('error', once, { once: true });
  const cancel = () => {
    set.delete(once);
    img.removeEventListener('load', once);
    img.removeEventListener('error', once);
  };
  return cancel;
}
