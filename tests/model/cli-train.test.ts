/**
 * #31: `brushwork train` and `eval` keep their promises: no run replaced without --force, --resume from
 * the checkpoint alone, Ctrl-C in the final evaluation leaves a model, checks before the slow part.
 * Every run here is tiny (32-pixel crops, 1–3 steps, synthetic photos); needs ../shared/data (VGG, a painting).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/errors';
import { writePng } from '../../src/runtime/node/image-io';
import { makeScene } from '../../src/shared/scene';
import { brushwork, expectOneLineError, ROOT } from '../helpers/cli';
import { tempDir } from '../helpers/models';

const PAINTING = '../shared/data/styles/udnie.jpg';
const BIN = path.join(ROOT, 'bin', 'brushwork.mjs');

let dir: string;
let photos: string;
let tinyPhotos: string;
let valPhotos: string;

async function photoFolder(name: string, count: number, width: number, height: number): Promise<string> {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) await writePng(path.join(folder, `p${i}.png`), makeScene(width + i * 8, height + i * 4));
  return folder;
}

/** A tiny run on synthetic photos: 32-pixel crops, one worker, the painting read at 64 px. */
function tinyArgs(out: string, work: string, extra: string[] = []): string[] {
  return [
    'train',
    '--style',
    PAINTING,
    '--out',
    out,
    '--work',
    work,
    '--photos',
    photos,
    '--val-photos',
    valPhotos,
    '--steps',
    '2',
    '--size',
    '32',
    '--batch',
    '1',
    '--workers',
    '1',
    '--style-size',
    '64',
    '--eval-limit',
    '1',
    ...extra,
  ];
}

/** Each run starts workers and loads VGG: seconds on a quiet machine, a minute or more on a loaded 2-core one. */
const ONE_RUN_MS = 180_000;
const TWO_RUNS_MS = 360_000;

const stepsLogged = (work: string) =>
  readFileSync(path.join(work, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { step: number }).step);

beforeAll(async () => {
  dir = tempDir('bw-cli-train-');
  photos = await photoFolder('photos', 2, 64, 48);
  tinyPhotos = await photoFolder('tiny', 2, 20, 16);
  valPhotos = await photoFolder('val', 6, 96, 72);
});

describe('#31.1 a finished run is never replaced without --force', () => {
  it(
    'refuses a second run into the same --work, and --force starts over with a fresh log',
    () => {
      const out = path.join(dir, 'again', 'm');
      const work = path.join(dir, 'again', 'w');
      expect(brushwork(tinyArgs(out, work)).code).toBe(0);
      const model = readFileSync(path.join(out, 'model.json'), 'utf8');
      const other = path.join(dir, 'again', 'other');
      expectOneLineError(brushwork(tinyArgs(other, work)), /--work .*w holds another run \(checkpoint\.json\); pass --resume/);
      expect(existsSync(other)).toBe(false);
      expectOneLineError(brushwork(tinyArgs(out, path.join(dir, 'again', 'w2'))), /already holds a model; pass --force/);
      expect(readFileSync(path.join(out, 'model.json'), 'utf8')).toBe(model);
      expect(stepsLogged(work)).toEqual([1, 2]);
      const forced = brushwork(tinyArgs(out, work, ['--force']));
      expect(forced.code, forced.stderr).toBe(0);
      expect(stepsLogged(work)).toEqual([1, 2]);
    },
    TWO_RUNS_MS,
  );
});

describe('#31.3 --resume <checkpoint> alone', () => {
  it(
    'continues from another folder with a relative checkpoint path, in the same work folder, to the same --out',
    () => {
      const out = path.join(dir, 'resume', 'm');
      const work = path.join(dir, 'resume', 'w');
      expect(brushwork(tinyArgs(out, work)).code).toBe(0);
      const elsewhere = path.join(dir, 'resume', 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      const r = brushwork(['train', '--resume', path.relative(elsewhere, path.join(work, 'checkpoint.json')), '--steps', '3'], {
        cwd: elsewhere,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(stepsLogged(work)).toEqual([1, 2, 3]);
      const manifest = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')) as { training: { steps: number } };
      expect(manifest.training.steps).toBe(3);
    },
    TWO_RUNS_MS,
  );

  it(
    'Ctrl-C during the steps exits 130 with a checkpoint and the command that resumes it',
    async () => {
      const work = path.join(dir, 'ctrl-c-steps', 'w');
      const child = spawn(process.execPath, [BIN, ...tinyArgs(path.join(dir, 'ctrl-c-steps', 'm'), work, ['--steps', '500'])], {
        cwd: ROOT,
      });
      let stderr = '';
      let signalled = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first progress line: a step is done, the run is in its loop.
        if (!signalled && / 1\/500 /.test(stderr)) {
          signalled = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, stderr).toBe(EXIT.interrupted);
      const checkpoint = path.join(work, 'checkpoint.json');
      expect(stderr).toContain(`resume with --resume ${checkpoint}`);
      expect(existsSync(checkpoint)).toBe(true);
    },
    ONE_RUN_MS,
  );

  it(
    'Ctrl-C during the final evaluation exits 130 and leaves the model',
    async () => {
      const out = path.join(dir, 'ctrl-c', 'm');
      const work = path.join(dir, 'ctrl-c', 'w');
      const child = spawn(process.execPath, [BIN, ...tinyArgs(out, work, ['--steps', '1', '--eval-limit', '0'])], { cwd: ROOT });
      let stderr = '';
      let signalled = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The moment the evaluation starts, as a user pressing Ctrl-C on "evaluating: 0/6 photos".
        if (!signalled && stderr.includes('evaluating: 0/6')) {
          signalled = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(signalled, stderr).toBe(true);
      expect(code, stderr).toBe(EXIT.interrupted);
      expect(stderr).toMatch(/interrupt: wrote .*m without metrics/);
      expect(JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).style.id).toBe('m');
    },
    ONE_RUN_MS,
  );
});

describe('#31.8 train: title and artist, --no-eval, tiny photos', () => {
  it(
    'writes --title/--artist/--year into model.json, skips the evaluation, and warns of photos below the crop size',
    () => {
      const out = path.join(dir, 'titled', 'my-style');
      const r = brushwork(
        tinyArgs(out, path.join(dir, 'titled', 'w'), [
          '--photos',
          tinyPhotos,
          '--no-eval',
          '--title',
          'Garden at Dusk',
          '--artist',
          'A. Painter',
          '--year',
          '1901',
        ]),
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/warning: training photo .*p\d\.png is \d+×\d+, smaller than the 32-pixel crops/);
      expect(r.stderr).not.toContain('evaluating');
      const manifest = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
      expect(manifest.style).toMatchObject({ id: 'my-style', title: 'Garden at Dusk', artist: 'A. Painter', year: 1901 });
      expect(manifest.metrics).toBeUndefined();
    },
    ONE_RUN_MS,
  );
});

describe('#31.2 and #31.5 eval --sheet', () => {
  const evalArgs = (sheet: string) => [
    'eval',
    '--model',
    'udnie',
    '--style',
    PAINTING,
    '--photos',
    valPhotos,
    '--limit',
    '1',
    '--style-size',
    '64',
    '--sheet',
    sheet,
  ];

  it(
    'writes a .jpg sheet as JPEG into a folder it makes',
    async () => {
      const sheet = path.join(dir, 'sheets', 'new', 'sheet.jpg');
      const r = brushwork(evalArgs(sheet));
      expect(r.code, r.stderr).toBe(0);
      expect((await sharp(sheet).metadata()).format).toBe('jpeg');
    },
    ONE_RUN_MS,
  );

  it('refuses a sheet it could not write before measuring anything', () => {
    const blocker = path.join(dir, 'sheet-blocker');
    writeFileSync(blocker, '');
    const r = brushwork(evalArgs(path.join(blocker, 'sheet.png')));
    expectOneLineError(r, /--sheet: expected a folder at .*sheet-blocker, found a file/);
    expect(r.stderr).not.toContain('eval: 0/');
  });
});
