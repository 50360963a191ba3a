/**
 * #31: the `brushwork` command keeps its promises. One describe per finding of the issue; nothing here
 * trains or measures (tests/model/cli-train.test.ts does, small).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT, EXIT_MEANINGS } from '../../src/cli/errors';
import { absoluteConfig } from '../../src/cli/train-resume';
import { FAST_ARCH } from '../../src/model/architecture';
import { writePng } from '../../src/runtime/node/image-io';
import { makeScene } from '../../src/shared/scene';
import type { TrainConfig } from '../../src/training/config';
import { brushwork, expectOneLineError, ROOT } from '../helpers/cli';
import { tempDir, writeSeededModel } from '../helpers/models';

let dir: string;
let model: string;
let scene: string;

/** Tests that start several processes: each is a second or two, ten or more on a loaded 2-core machine. */
const MANY_PROCESSES_MS = 180_000;

const PAINTING = '../shared/data/styles/udnie.jpg';
/** Were a refusal missing, the run these tests start would still be small. */
const TINY = ['--steps', '1', '--size', '32', '--batch', '1', '--workers', '1', '--style-size', '64', '--eval-limit', '1'];

async function rgba(file: string) {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function sceneAt(file: string, width = 40, height = 30): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await writePng(file, makeScene(width, height));
  return file;
}

beforeAll(async () => {
  dir = tempDir('bw-cli-promises-');
  model = writeSeededModel(3, path.join(dir, 'seeded'), FAST_ARCH);
  scene = await sceneAt(path.join(dir, 'scene.png'));
});

describe('#31.1 no output is overwritten silently', () => {
  it('gives two inputs of one name two outputs in an --out folder (a/x and b/x; x.jpg and x.png)', async () => {
    const a = await sceneAt(path.join(dir, 'same', 'a', 'x.png'));
    const b = await sceneAt(path.join(dir, 'same', 'b', 'x.png'), 30, 20);
    const jpg = path.join(dir, 'same', 'a', 'x.jpg');
    await sharp(a).jpeg().toFile(jpg);
    const out = path.join(dir, 'same', 'out');
    const r = brushwork(['stylize', a, b, jpg, '--model', model, '--out', `${out}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect((await rgba(path.join(out, 'x.png'))).width).toBe(40);
    expect((await rgba(path.join(out, 'x-2.png'))).width).toBe(30);
    expect(existsSync(path.join(out, 'x-3.png'))).toBe(true);
  });

  it('refuses to train into an --out that holds a model, before any work, unless --force', () => {
    const finished = writeSeededModel(4, path.join(dir, 'finished'), FAST_ARCH);
    const before = readFileSync(path.join(finished, 'model.json'), 'utf8');
    const r = brushwork(['train', '--style', PAINTING, '--out', finished, '--work', path.join(dir, 'w-finished'), ...TINY]);
    expectOneLineError(r, /--out .*finished already holds a model; pass --force to replace it/);
    expect(r.code).toBe(EXIT.usage);
    expect(readFileSync(path.join(finished, 'model.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'w-finished', 'log.jsonl'))).toBe(false);
  });
});

describe('#31.2 outputs are checked before the slow part', () => {
  it('refuses train --out naming an existing file before training', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'keep me');
    const r = brushwork(['train', '--style', PAINTING, '--out', file, '--work', path.join(dir, 'w-file'), ...TINY]);
    expectOneLineError(r, /--out: expected a folder for the model, found the file .*a-file/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(existsSync(path.join(dir, 'w-file'))).toBe(false);
  });

  it('pack -o into a missing folder makes it; under a file it names --out in one line', () => {
    const packed = path.join(dir, 'missing', 'deeper', 'm.brushwork');
    const r = brushwork(['pack', model, '-o', packed]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(packed).size).toBeGreaterThan(10_000);
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, '');
    expectOneLineError(
      brushwork(['pack', model, '-o', path.join(blocker, 'm.brushwork')]),
      /--out: expected a folder at .*blocker, found a file/,
    );
  });

  it('stylize names --out when its folder cannot be made, before reading any input', () => {
    const blocker = path.join(dir, 'blocker2');
    writeFileSync(blocker, '');
    expectOneLineError(
      brushwork(['stylize', scene, '--model', model, '--out', path.join(blocker, 'x.png')]),
      /--out: expected a folder at .*blocker2, found a file/,
    );
  });
});

describe('#31.3 a checkpoint written before its paths were absolute', () => {
  it('reads relative paths from where that run started: an ancestor of the checkpoint folder', () => {
    const project = path.join(dir, 'project');
    const checkpoint = path.join(project, '.brushwork', 'train', 'x', 'checkpoint.json');
    mkdirSync(path.join(project, 'paintings'), { recursive: true });
    writeFileSync(path.join(project, 'paintings', 'p.jpg'), '');
    const config = { style: 'paintings/p.jpg', out: 'models/x', photos: 'photos', evalPhotos: 'val', vgg: 'vgg' } as TrainConfig;
    const abs = absoluteConfig(config, checkpoint);
    expect([abs.style, abs.out, abs.photos]).toEqual([
      path.join(project, 'paintings', 'p.jpg'),
      path.join(project, 'models', 'x'),
      path.join(project, 'photos'),
    ]);
  });
});

describe('#31.4 defaults that paint: the extension’s 1,024-pixel largest side', () => {
  it('paints a large picture at 1,024 px on its long side and returns it at full size; --max-side 0 paints at full size', async () => {
    const big = await sceneAt(path.join(dir, 'big', 'big.png'), 1200, 600);
    const r = brushwork(['stylize', big, '--model', model, '--out', path.join(dir, 'big', 'out.png')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(1200×600, painted at 1024×512');
    expect((await rgba(path.join(dir, 'big', 'out.png'))).width).toBe(1200);
    const full = brushwork(['stylize', big, '--model', model, '--out', path.join(dir, 'big', 'full.png'), '--max-side', '0']);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).not.toContain('painted at');
  });
});

describe('#31.5 defaults and hints that do not mislead', () => {
  it('writes the default output beside the input, not in the current folder', () => {
    const input = path.join(dir, 'beside', 'photo.png');
    mkdirSync(path.dirname(input), { recursive: true });
    writeFileSync(input, readFileSync(scene));
    const cwd = path.join(dir, 'elsewhere');
    mkdirSync(cwd, { recursive: true });
    const r = brushwork(['stylize', input, '--model', model], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'beside', 'photo.test-style.png'))).toBe(true);
    expect(existsSync(path.join(cwd, 'photo.test-style.png'))).toBe(false);
  });

  it('a missing validation folder names --val-photos and BRUSHWORK_VAL_PHOTOS_DIR', () => {
    const r = brushwork(['train', '--style', PAINTING, '--out', path.join(dir, 'val-m'), '--work', path.join(dir, 'val-w')], {
      env: { BRUSHWORK_VAL_PHOTOS_DIR: path.join(dir, 'no-val-photos') },
    });
    expectOneLineError(r, /no-val-photos \(pass --val-photos or set BRUSHWORK_VAL_PHOTOS_DIR\)/);
  });

  it('--content-weight names relu3_3, the content tap the loss uses', () => {
    const help = brushwork(['train', '--help']).stdout;
    expect(help).toMatch(/--content-weight X +weight of the relu3_3 content loss/);
  });
});

describe('#31.6 one bad input does not stop a batch', () => {
  it('reports the corrupt and the missing input, writes the others, and exits 1 at the end', async () => {
    const a = await sceneAt(path.join(dir, 'batch', 'a.png'));
    const corrupt = path.join(dir, 'batch', 'corrupt.png');
    writeFileSync(corrupt, 'not an image');
    const b = await sceneAt(path.join(dir, 'batch', 'b.png'));
    const out = path.join(dir, 'batch', 'out');
    const r = brushwork(['stylize', a, corrupt, path.join(dir, 'batch', 'nope.png'), b, '--model', model, '--out', `${out}/`]);
    expect(r.code).toBe(EXIT.failure);
    expect(r.stderr).toMatch(/corrupt\.png: expected a PNG, JPEG, WebP, GIF or TIFF image/);
    expect(r.stderr).toMatch(/nope\.png: expected an image file, found no such file/);
    expect(r.stderr).toContain('2 of 4 inputs failed');
    expect(existsSync(path.join(out, 'a.png'))).toBe(true);
    expect(existsSync(path.join(out, 'b.png'))).toBe(true);
  });

  it('--skip-existing reruns a batch without touching what is done', async () => {
    const a = await sceneAt(path.join(dir, 'rerun', 'a.png'));
    const b = await sceneAt(path.join(dir, 'rerun', 'b.png'));
    const out = path.join(dir, 'rerun', 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'a.png'), 'done before');
    expectOneLineError(brushwork(['stylize', a, b, '--model', model, '--out', out]), /a\.png already exists; pass --force/);
    const r = brushwork(['stylize', a, b, '--model', model, '--out', out, '--skip-existing']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'a.png'), 'utf8')).toBe('done before');
    expect((await rgba(path.join(out, 'b.png'))).width).toBe(40);
  });

  it('a folder as input is named as a folder, not as an unsupported image', () => {
    const r = brushwork(['stylize', path.join(dir, 'batch'), '--model', model, '--out', path.join(dir, 'f.png')]);
    expectOneLineError(r, /batch: expected an image file, found a folder/);
  });

  it('train names --style and the file when the painting is not an image', () => {
    const notImage = path.join(dir, 'painting.txt');
    writeFileSync(notImage, 'words, not paint');
    const r = brushwork(['train', '--style', notImage, '--out', path.join(dir, 'txt-m'), '--work', path.join(dir, 'txt-w')]);
    expectOneLineError(r, /--style .*painting\.txt: expected a painting as a JPEG, PNG, WebP, GIF or TIFF image/);
  });
});

describe('#31.7 arguments', () => {
  it.each([
    [['train', '--style', PAINTING, '--out', 'x', '--steps', '-5'], /--steps: expected an integer from 1 to 1000000, found "-5"/],
    [['stylize', 'x.png', '--model', 'm', '--intensity', '-0.5'], /--intensity: expected a number from 0 to 1, found "-0.5"/],
  ])('%j: a negative number is a value, refused for its range', (args, pattern) => {
    expectOneLineError(brushwork(args), pattern);
  });

  it('an unknown option suggests the closest one, with balanced quotes', () => {
    const r = brushwork(['stylize', scene, '--model', model, '--forse']);
    expectOneLineError(r, /unknown option --forse: did you mean --force\?/);
    expect(r.code).toBe(EXIT.usage);
    expect((r.stderr.split('\n')[0]?.match(/['"]/g) ?? []).length % 2).toBe(0);
    expectOneLineError(brushwork(['train', '--stpes', '5']), /unknown option --stpes: did you mean --steps\?/);
  });

  it(
    '<command> --version prints the version; help <command> prints that command’s help',
    () => {
      const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      for (const name of ['stylize', 'train', 'info']) {
        const r = brushwork([name, '--version']);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.trim()).toBe(version);
      }
      const help = brushwork(['help', 'train']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^usage: brushwork train/);
    },
    MANY_PROCESSES_MS,
  );

  it(
    'one model argument: info and train --init take a shipped name, a folder, its model.json or a .brushwork file',
    () => {
      expect(JSON.parse(brushwork(['info', path.join(model, 'model.json')]).stdout).params).toBe(11_310);
      const packed = path.join(dir, 'init', 'udnie.brushwork');
      expect(brushwork(['pack', 'udnie', '-o', packed]).code).toBe(0);
      // --init is read before the photos: a missing validation folder after it proves the model was accepted.
      for (const init of ['udnie', packed, path.join(ROOT, 'public', 'models', 'udnie', 'model.json')]) {
        const r = brushwork(
          ['train', '--style', PAINTING, '--init', init, '--out', path.join(dir, 'init', 'm'), '--work', path.join(dir, 'init', 'w')],
          { env: { BRUSHWORK_VAL_PHOTOS_DIR: path.join(dir, 'no-val') } },
        );
        expectOneLineError(r, /photos folder not found: expected a folder of JPEG\/PNG photos at .*no-val/);
      }
    },
    MANY_PROCESSES_MS,
  );
});

describe('#31.7 the documented exit codes', () => {
  it('docs/cli.md lists every exit code with its meaning', () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    const rows = docs.split('\n').filter((line) => line.startsWith('| '));
    for (const [code, meaning] of Object.entries(EXIT_MEANINGS))
      expect(
        rows.some((row) => row.startsWith(`| ${code} `) && row.includes(`| ${meaning}`)),
        code,
      ).toBe(true);
  });

  it(
    '0 when done, 1 for a file that cannot be used (a missing input too), 2 for wrong usage',
    () => {
      expect(brushwork(['stylize', scene, '--model', model, '--out', path.join(dir, 'codes.png')]).code).toBe(EXIT.ok);
      expect(brushwork(['stylize', path.join(dir, 'missing.png'), '--model', model]).code).toBe(EXIT.failure);
      expect(brushwork(['info', path.join(dir, 'no-model')]).code).toBe(EXIT.failure);
      expect(brushwork(['stylize', scene, '--model', model, '--max-side', 'big']).code).toBe(EXIT.usage);
    },
    MANY_PROCESSES_MS,
  );
});

describe('#31.8 what users expect', () => {
  it('--keep-colours keeps the photo’s chroma and takes the painting’s light', async () => {
    const out = path.join(dir, 'keep.png');
    const r = brushwork(['stylize', scene, '--model', model, '--out', out, '--keep-colours']);
    expect(r.code, r.stderr).toBe(0);
    const [a, b] = [await rgba(scene), await rgba(out)];
    let lightChanged = 0;
    let compared = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      const px = [0, 1, 2].map((c) => b.data[i + c] as number);
      if (px.some((v) => v === 0 || v === 255)) continue; // clamped: the luminance shift hit the ends
      compared++;
      // Adding one luminance shift to R, G and B keeps R−G and B−G (Cb and Cr): within rounding.
      expect(Math.abs((px[0] as number) - (px[1] as number) - ((a.data[i] as number) - (a.data[i + 1] as number)))).toBeLessThanOrEqual(1);
      expect(Math.abs((px[2] as number) - (px[1] as number) - ((a.data[i + 2] as number) - (a.data[i + 1] as number)))).toBeLessThanOrEqual(
        1,
      );
      if (Math.abs((px[1] as number) - (a.data[i + 1] as number)) > 2) lightChanged++;
    }
    expect(compared).toBeGreaterThan(a.width * a.height * 0.5);
    expect(lightChanged).toBeGreaterThan(compared * 0.2);
  });

  it('- reads the picture from stdin and writes PNG to stdout', async () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'brushwork.mjs'), 'stylize', '-', '--model', model], {
      input: readFileSync(scene),
      cwd: dir,
      timeout: 120_000,
    });
    expect(r.status, r.stderr.toString()).toBe(0);
    const meta = await sharp(r.stdout).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 40, 30]);
    expect(r.stderr.toString()).toContain('- → stdout');
  });

  it(
    'start-up: --version, info and stylize with a kernel-run style never load TF.js; a johnson model does',
    async () => {
      // TF.js sets globalThis._tfengine when it loads; a preload reports it as the process exits.
      const probe = path.join(dir, 'tfjs-probe.mjs');
      writeFileSync(probe, "process.on('exit', () => process.stderr.write('tfjs:' + (globalThis._tfengine !== undefined) + '\\n'));\n");
      const loadsTfjs = (args: string[]) => {
        const r = spawnSync(process.execPath, ['--import', probe, path.join(ROOT, 'bin', 'brushwork.mjs'), ...args], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(r.status, r.stderr).toBe(0);
        return /tfjs:true/.test(r.stderr);
      };
      expect(loadsTfjs(['--version'])).toBe(false);
      expect(loadsTfjs(['info', 'starry-night'])).toBe(false);
      expect(loadsTfjs(['stylize', scene, '--model', model, '--out', path.join(dir, 'probe-fast.png')])).toBe(false);
      const johnson = writeSeededModel(6, path.join(dir, 'johnson'));
      expect(loadsTfjs(['stylize', scene, '--model', johnson, '--out', path.join(dir, 'probe-johnson.png')])).toBe(true);
    },
    MANY_PROCESSES_MS,
  );
});
