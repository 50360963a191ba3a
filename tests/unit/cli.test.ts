import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH } from '../../src/model/architecture';
import { writePng } from '../../src/runtime/node/image-io';
import { makeScene } from '../../src/shared/scene';
import { brushwork, expectOneLineError } from '../helpers/cli';
import { tempDir, writeSeededModel } from '../helpers/models';

let dir: string;
let model: string;
let scenePng: string;

async function rawPixels(file: string) {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

beforeAll(async () => {
  dir = tempDir('bw-cli-');
  model = writeSeededModel(9, path.join(dir, 'seeded'));
  scenePng = path.join(dir, 'scene.png');
  await writePng(scenePng, makeScene(37, 23));
});

describe('brushwork arch', () => {
  it.each([
    [['--alpha', '1', '--blocks', '5'], 1_677_638],
    [['--alpha', '0.5', '--blocks', '5'], 424_102],
    [['--alpha', '0.3', '--blocks', '3', '--small'], 11_868],
  ])('%j prints {"params": %i}', (args, params) => {
    const r = brushwork(['arch', ...args]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params).toBe(params);
  });

  it('rejects a bad alpha with one line and exit code 2', () => {
    const r = brushwork(['arch', '--alpha', 'lots']);
    expect(r.code).toBe(2);
    expectOneLineError(r, /--alpha: expected a number from 0\.01 to 4, found "lots"/);
  });
});

describe('brushwork info', () => {
  it('prints params, bytes of both files and the architecture', () => {
    const r = brushwork(['info', model]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.params).toBe(11_868);
    expect(info.bytes).toBeGreaterThan(12_372);
    expect(info.bytes).toBeLessThan(13_000);
    expect(info.arch).toEqual({ kind: 'johnson', alpha: 0.3, blocks: 3, small: true });
  });

  it('says which architecture a model uses, the fast "shuffle" one included', () => {
    const fast = writeSeededModel(4, path.join(dir, 'fast'), FAST_ARCH);
    const info = JSON.parse(brushwork(['info', fast]).stdout);
    expect(info.architecture).toBe('shuffle α=0.35 blocks=3 small');
    expect(info.params).toBe(11_310);
    expect(info.macs_per_pixel).toBe(1343);
  });

  it('names a damaged weights file in one line', () => {
    const broken = writeSeededModel(9, path.join(dir, 'broken'));
    writeFileSync(path.join(broken, 'weights.bin'), Buffer.alloc(100));
    const r = brushwork(['info', broken]);
    expect(r.code).toBe(1);
    expectOneLineError(r, /weights\.bin: expected 12168 bytes .*found 100 bytes/);
  });
});

describe('brushwork stylize', () => {
  it('writes a PNG of the input’s exact size', async () => {
    const out = path.join(dir, 'out.png');
    const r = brushwork(['stylize', scenePng, '--model', model, '--out', out]);
    expect(r.code).toBe(0);
    const img = await rawPixels(out);
    expect([img.width, img.height]).toEqual([37, 23]);
    expect(Buffer.compare(img.data, (await rawPixels(scenePng)).data)).not.toBe(0);
  });

  it('returns the input pixels exactly at intensity 0', async () => {
    const out = path.join(dir, 'zero.png');
    expect(brushwork(['stylize', scenePng, '--model', model, '--out', out, '--intensity', '0']).code).toBe(0);
    expect(Buffer.compare((await rawPixels(out)).data, (await rawPixels(scenePng)).data)).toBe(0);
  });

  it('names each output after its input in an --out directory, and honours --max-side', async () => {
    const second = path.join(dir, 'second.png');
    await writePng(second, makeScene(64, 40));
    const outDir = path.join(dir, 'many');
    const r = brushwork(['stylize', scenePng, second, '--model', model, '--out', outDir, '--max-side', '16']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(outDir, 'scene.png'))).toBe(true);
    const img = await rawPixels(path.join(outDir, 'second.png'));
    expect([img.width, img.height]).toEqual([64, 40]);
  });

  it.each([
    [['stylize', '--model', 'x'], /expected at least one input image/],
    [
      ['stylize', 'scene.png', '--model', 'no-such-style'],
      /no-such-style: expected a .brushwork file, a model folder, its model.json or one of the shipped styles/,
    ],
    [['stylize', 'scene.png', '--intensity', '2', '--model', 'm'], /--intensity: expected a number from 0 to 1, found "2"/],
    [['stylize', 'scene.png', '--bogus'], /unknown option --bogus/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j fails with one clear line', (args, pattern) => {
    expectOneLineError(brushwork(args, { cwd: dir }), pattern);
  });

  it('names a corrupt input image', () => {
    const bad = path.join(dir, 'corrupt.png');
    writeFileSync(bad, 'this is not a png');
    const r = brushwork(['stylize', bad, '--model', model, '--out', path.join(dir, 'c.png')]);
    expect(r.code).toBe(1);
    expectOneLineError(r, /corrupt\.png: expected a PNG, JPEG, WebP, GIF or TIFF image/);
  });
});
