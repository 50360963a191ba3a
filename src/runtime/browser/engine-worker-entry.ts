/**
 * Entry of an engine worker, bundled by Vite as its own module worker. The
 * same bundle serves the offscreen document's engines and the video engines
 * (#27), so the package carries TF.js once: a video engine's first message
 * brings the MessagePort its frames arrive on.
 */
import { serveEngine } from './engine-worker';
import { serveVideoEngine } from './video-worker';

type Scope = Parameters<typeof serveEngine>[0] & Parameters<typeof serveVideoEngine>[0];
const scope = self as unknown as Scope & { onmessage: ((e: MessageEvent) => void) | null };

scope.onmessage = (first: MessageEvent) => {
  const data = first.data as { kind?: unknown; port?: unknown } | null;
  if (data?.kind === 'init' && data.port instanceof MessagePort) serveVideoEngine(scope);
  else serveEngine(scope);
  scope.onmessage?.(first); // the chosen engine handles the first message too
};
