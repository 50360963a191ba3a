/** Entry of an engine worker, bundled by Vite as its own module worker. */
import { serveEngine } from './engine-worker';

serveEngine(self as unknown as Parameters<typeof serveEngine>[0]);
