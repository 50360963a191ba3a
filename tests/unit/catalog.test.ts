import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { styleListProblems } from '../../scripts/lib/check-styles';
import { SHIPPED_STYLES } from '../../src/shared/catalog';

describe('one style list (src/shared/catalog.ts)', () => {
  it('the packaged models and previews agree with the catalogue', () => {
    expect(styleListProblems(path.resolve('public'))).toEqual([]);
  });

  it('names a model whose painting differs, a missing model and an uncatalogued one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bw-styles-'));
    try {
      cpSync('public', dir, { recursive: true });
      const first = SHIPPED_STYLES[0]?.id as string;
      const manifestFile = path.join(dir, 'models', first, 'model.json');
      writeFileSync(manifestFile, JSON.stringify({ style: { id: first, title: 'Renamed' } }));
      rmSync(path.join(dir, 'models', SHIPPED_STYLES[1]?.id as string), { recursive: true });
      cpSync(path.join(dir, 'models', first), path.join(dir, 'models', 'stray'), { recursive: true });
      const problems = styleListProblems(dir);
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/expected style .*found .*Renamed/);
      expect(problems[1]).toMatch(/expected the model of catalogued style/);
      expect(problems[2]).toMatch(/found "stray"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
