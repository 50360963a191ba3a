/**
 * Gives the page's main thread back between pieces of Brushwork's work.
 * Page mode starts dozens of pictures at once; their promise continuations
 * would otherwise run back to back in one task (each message to the extension
 * is serialized synchronously, ~19 ms per MiB measured here), which made
 * 200 ms long tasks on a 300-image page.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
