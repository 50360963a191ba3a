/** Writes docs/cli.md from src/cli/specs.ts.   npm run cli-docs */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliDocs } from './lib/cli-docs';

writeFileSync(path.resolve(import.meta.dirname, '..', 'docs', 'cli.md'), cliDocs());
