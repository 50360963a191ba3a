/**
 * Reads a response body up to a byte cap, refusing as soon as the cap is
 * passed (declared or streamed): a hostile server's endless body must never
 * be buffered whole. Host-free: the page's reader and the runtime's fetcher
 * both use it.
 */
export class OverCapError extends Error {
  constructor(
    readonly maxBytes: number,
    readonly declared: number | null,
  ) {
    super(
      declared !== null
        ? `the image file is too large (${Math.round(declared / 1e6)} MB)`
        : `the image file is too large (over ${Math.round(maxBytes / 1e6)} MB)`,
    );
  }
}

export async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new OverCapError(maxBytes, declared);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new OverCapError(maxBytes, null);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
