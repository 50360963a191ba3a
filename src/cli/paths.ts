import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, wherever the CLI was started from. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHIPPED_MODELS = path.join(PACKAGE_ROOT, 'public', 'models');
