import { useNodeWasmBackend } from '../../src/runtime/node/backend';

/** Tests run the same WASM backend as the CLI and the extension. */
export const backendReady = () => useNodeWasmBackend();
