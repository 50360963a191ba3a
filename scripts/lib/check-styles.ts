/**
 * The style list has one source, src/shared/catalog.ts. The packaged models
 * and previews must agree with it: every catalogued style has a model folder
 * whose model.json names the same painting, and a preview; nothing else is
 * packaged. Run by the build (wxt.config.ts) and by tests/unit/catalog.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHIPPED_STYLES } from '../../src/shared/catalog';

export function styleListProblems(publicDir: string): string[] {
  const problems: string[] = [];
  const modelsDir = path.join(publicDir, 'models');
  const ids = new Set(SHIPPED_STYLES.map((s) => s.id));
  for (const style of SHIPPED_STYLES) {
    const manifest = path.join(modelsDir, style.id, 'model.json');
    if (!existsSync(manifest)) {
      problems.push(`${manifest}: expected the model of catalogued style "${style.id}", found no file`);
      continue;
    }
    const found = (JSON.parse(readFileSync(manifest, 'utf8')) as { style?: unknown }).style;
    if (JSON.stringify(found) !== JSON.stringify(style))
      problems.push(`${manifest}: expected style ${JSON.stringify(style)} (src/shared/catalog.ts), found ${JSON.stringify(found)}`);
    const preview = path.join(publicDir, 'previews', `${style.id}.webp`);
    if (!existsSync(preview)) problems.push(`${preview}: expected a preview (npm run previews), found no file`);
  }
  for (const entry of readdirSync(modelsDir))
    if (!ids.has(entry)) problems.push(`${path.join(modelsDir, entry)}: expected only catalogued styles, found "${entry}"`);
  return problems;
}
